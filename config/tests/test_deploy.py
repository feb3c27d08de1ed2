"""
What production runs on: gunicorn's configuration file, the health-check URL, one JSON
log line per request, and hashed, compressed static files.
"""

import io
import json
import logging
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client

from config.tests.test_settings import PRODUCTION_ENV, run_python

GUNICORN_CONF = django_settings.BASE_DIR / "gunicorn.conf.py"


# gunicorn's configuration file.


@pytest.fixture
def gunicorn_response_class():
    """gunicorn's Response class, put back as it was after the test loads the file."""
    from gunicorn.http import wsgi

    saved = (wsgi.Response.default_headers, wsgi.SERVER)
    hidden_before = getattr(wsgi.Response, "_askwell_server_header_hidden", False)
    yield wsgi
    wsgi.Response.default_headers, wsgi.SERVER = saved
    if not hidden_before and hasattr(wsgi.Response, "_askwell_server_header_hidden"):
        delattr(wsgi.Response, "_askwell_server_header_hidden")


def load_gunicorn_conf(monkeypatch, **env):
    for name in [n for n in os.environ if n.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def test_the_gunicorn_configuration_hides_the_server_header(monkeypatch, gunicorn_response_class):
    wsgi = gunicorn_response_class
    if getattr(wsgi.Response, "_askwell_server_header_hidden", False):
        delattr(wsgi.Response, "_askwell_server_header_hidden")

    load_gunicorn_conf(monkeypatch)

    assert wsgi.Response._askwell_server_header_hidden is True
    assert wsgi.SERVER == ""


def test_the_gunicorn_configuration_has_safe_defaults(monkeypatch, gunicorn_response_class):
    conf = load_gunicorn_conf(monkeypatch)

    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == 2 * os.cpu_count() + 1
    assert conf["worker_class"] == "sync"
    assert conf["timeout"] == 30
    assert conf["accesslog"] is None
    assert conf["wsgi_app"] == "config.wsgi:application"


def test_the_gunicorn_configuration_reads_the_environment(monkeypatch, gunicorn_response_class):
    conf = load_gunicorn_conf(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_WORKERS="4",
        GUNICORN_WORKER_CLASS="gthread",
        GUNICORN_THREADS="8",
        GUNICORN_TIMEOUT="60",
    )

    assert (conf["bind"], conf["workers"], conf["worker_class"], conf["threads"]) == (
        ["0.0.0.0:9000"],
        4,
        "gthread",
        8,
    )
    assert conf["timeout"] == 60


def test_every_name_in_the_gunicorn_configuration_is_a_gunicorn_setting(
    monkeypatch, gunicorn_response_class
):
    from gunicorn.config import Config

    conf = load_gunicorn_conf(monkeypatch)
    gunicorn_config = Config()
    names = {
        name
        for name, value in conf.items()
        if not name.startswith("_") and not callable(value) and not isinstance(value, type(os))
    }

    assert names - set(gunicorn_config.settings) == set()
    for name in names:
        gunicorn_config.set(name, conf[name])  # refuses a value of the wrong kind


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_started_with_the_file_answers_health_checks_and_logs_json(tmp_path):
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "askwell-tests-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_MANIFEST": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF)],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(  # noqa: S310 (a local http URL)
                    f"http://127.0.0.1:{port}/health/", timeout=5
                ) as response:
                    health = (response.status, response.headers, json.loads(response.read()))
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5).close()  # noqa: S310
    finally:
        server.terminate()
        server.wait(timeout=30)

    status, headers, body = health
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "Server" not in headers
    request_lines = [
        json.loads(line) for line in log.read_text().splitlines() if '"askwell.requests"' in line
    ]
    assert [(line["path"], line["status"]) for line in request_lines] == [("/robots.txt", 200)]


# The health check.


@pytest.mark.django_db
def test_health_is_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response.headers["Cache-Control"]
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_health_says_which_part_failed_when_the_database_is_down(client, caplog):
    down = OperationalError('connection to server at "db.internal" (10.0.0.5) failed')
    with mock.patch.object(connection, "cursor", side_effect=down):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}
    assert b"db.internal" not in response.content
    assert "the database did not answer" in caplog.text


@pytest.mark.django_db
def test_health_says_which_part_failed_when_the_cache_raises(client):
    with mock.patch.object(cache, "set", side_effect=ConnectionError("redis.internal:6379")):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}
    assert b"redis.internal" not in response.content


@pytest.mark.django_db
def test_health_fails_when_the_cache_keeps_nothing(client):
    # What Askwell's Redis cache does while Redis is away (config/cache.py): misses.
    with mock.patch.object(cache, "get", return_value=None):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["cache"] == "error"


@pytest.mark.django_db
def test_health_answers_head_and_refuses_other_methods(client):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_health_ignores_a_query_string(client):
    response = client.get("/health/?verbose=1&debug=%ff")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_answers_over_plain_http_when_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/").status_code == 200
    assert client.get("/").status_code == 301


# One JSON line per request.


@pytest.fixture
def request_log(settings):
    """What the request log writes, through its JSON formatter, as parsed lines."""
    from config.request_log import JsonFormatter

    settings.ASKWELL_REQUEST_LOG = True
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("askwell.requests")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_its_timing(request_log):
    Client().get("/forum/")

    [line] = request_log()
    assert line["method"] == "GET"
    assert line["path"] == "/forum/"
    assert line["view"] == "forum:index"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["member"] is False
    assert line["logger"] == "askwell.requests"
    assert line["time"].endswith("Z")


@pytest.mark.django_db
def test_the_request_log_says_only_whether_a_member_was_signed_in(request_log, member):
    browser = Client()
    browser.force_login(member)
    browser.get("/forum/")

    [line] = request_log()
    assert line["member"] is True
    text = json.dumps(line)
    assert member.username not in text
    assert member.email not in text
    assert set(line) == {
        *("time", "level", "logger", "method", "path", "view", "status", "duration_ms"),
        "member",
    }


@pytest.mark.django_db
def test_the_request_log_leaves_out_query_strings(request_log):
    Client().get("/search/", {"q": "my daughter's muscle biopsy"})

    [line] = request_log()
    assert line["path"] == "/search/"
    assert "biopsy" not in json.dumps(line)


@pytest.mark.django_db
def test_the_request_log_leaves_out_secrets_in_addresses(request_log):
    browser = Client()
    browser.get("/accounts/password/reset/key/3f-sEcReTkEy123/")
    browser.get("/forum/unsubscribe/TOKEN-abc.def/")
    browser.get("/accounts/confirm-email/CoNfIrMkEy/")

    paths = [line["path"] for line in request_log()]
    assert paths == [
        "/accounts/password/reset/key/<uidb36>-<key>/",
        "/forum/unsubscribe/<token>/",
        "/accounts/confirm-email/<key>/",
    ]


@pytest.mark.django_db
def test_the_request_log_records_pages_that_are_not_found(request_log):
    Client().get("/no-such-page/")

    [line] = request_log()
    assert (line["path"], line["status"], line["view"]) == ("/no-such-page/", 404, None)


@pytest.mark.django_db
def test_successful_health_checks_are_not_logged_failed_ones_are(request_log):
    Client().get("/health/")
    with mock.patch.object(cache, "get", return_value=None):
        Client().get("/health/")

    assert [(line["path"], line["status"]) for line in request_log()] == [("/health/", 503)]


@pytest.mark.django_db
def test_nothing_is_logged_per_request_when_the_log_is_off(request_log, settings):
    settings.ASKWELL_REQUEST_LOG = False
    Client().get("/forum/")

    assert request_log() == []


def request_log_setting(**env):
    result = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ASKWELL_REQUEST_LOG)",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_request_log_is_on_in_production_and_off_in_development():
    assert request_log_setting(**PRODUCTION_ENV) == "True"
    assert request_log_setting(DJANGO_DEBUG="1") == "False"


# Static files.


def test_collectstatic_writes_hashed_and_compressed_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.") and hashed.endswith(".css")
    assert (settings.STATIC_ROOT / hashed).is_file()
    assert (settings.STATIC_ROOT / f"{hashed}.gz").is_file()
    assert (settings.STATIC_ROOT / f"{hashed}.br").is_file()
    assert (settings.STATIC_ROOT / f"{manifest['js/compose.js']}.gz").is_file()


def test_production_settings_use_the_hashed_compressed_storage():
    result = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND'])",
        **PRODUCTION_ENV,
    )

    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"
