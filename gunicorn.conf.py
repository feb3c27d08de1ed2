"""
gunicorn's configuration for Askwell (README, "Production").

gunicorn reads ./gunicorn.conf.py by itself when started from the project folder, so

    .venv/bin/gunicorn

serves config.wsgi with these settings; `-c gunicorn.conf.py` says so explicitly. Each
setting can be changed from the environment:

    GUNICORN_BIND             127.0.0.1:8000 (the TLS proxy in front connects here)
    GUNICORN_WORKERS          2 × CPU cores + 1
    GUNICORN_WORKER_CLASS     sync (or gthread, with GUNICORN_THREADS > 1)
    GUNICORN_THREADS          1
    GUNICORN_TIMEOUT          30 seconds a worker may take for one request
    GUNICORN_FORWARDED_ALLOW_IPS   127.0.0.1 (the proxies whose X-Forwarded-Proto counts)

gunicorn's own access log is off: Askwell writes one JSON line per request itself
(config/request_log.py), without query strings or anything personal. Errors and
worker starts and stops go to standard error.
"""

import multiprocessing
import os

from config.server_header import hide_server_header


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"

bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "").strip() or "sync"
threads = _int("GUNICORN_THREADS", 1)

# A request that takes longer than this is cut short and its worker restarted; the proxy
# in front keeps idle connections open a little longer than gunicorn does.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so that no slow leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Refuse oversized request lines and headers early.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1"

accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "").strip() or "info"
# Temporary files for the workers' heartbeats in memory, not on a slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# Responses carry no "Server: gunicorn" header (config/server_header.py); the workers,
# forked after this file is read, inherit the change.
hide_server_header()
