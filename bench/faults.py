"""
A production-like drill: Askwell under gunicorn (production settings), with the task
worker, PostgreSQL, Redis and a mail server of its own, sent malformed requests and
then a steady load while PostgreSQL restarts, Redis stops and the mail server refuses.

    .venv/bin/python bench/faults.py            # both parts
    .venv/bin/python bench/faults.py --fuzz-only

Needs DATABASE_URL (PostgreSQL; a database askwell_faults beside it is made and
dropped) and REDIS_URL, and the right to stop and start both services on this
machine (pg_ctlcluster, redis-server): it is for a test machine, never production.
It prints, per phase, the requests sent and their answers by status class, and at
the end the e-mails asked for and the e-mails the mail server received.
"""

# A drill for a test machine: it runs the machine's own service commands and writes its
# log under /tmp by default.
# ruff: noqa: S603, S607, S108

import argparse
import contextlib
import http.client
import os
import random
import re
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
PYTHON = sys.executable
PORT = 8765
HOST = "127.0.0.1"
PASSWORD = "drill-password-4815"

ODD = [
    "", "\x00", "a\x00b", "\u202eevil\u202c", "e\u0301\u0301\u0301", "\ufeff", "\U0001f600",
    "x" * 5000, "-1", "0", "99999999999999999999999", "NaN", "../../etc/passwd",
    "//evil.example", "https://evil.example/", "javascript:alert(1)", "forum:index",
    "<script>alert(1)</script>", "' OR 1=1 --", "%00", "%ff%fe", "[" * 3000, "- " * 3000,
]  # fmt: skip
FIELDS = [
    "title", "body", "category", "article", "text", "next", "page", "sort", "q", "value",
    "reason", "action", "acknowledged", "email", "username", "password", "login", "code",
]  # fmt: skip
RAW_QUERIES = ["%ff%fe=%c0%af", "page=%00", "a=1&a=2&a=3", "q=%E2%80%AE", "=&&==", "next=%2F%2F"]
# What gunicorn and the worker log (the outages' tracebacks, among others).
LOG_PATH = Path(os.environ.get("ASKWELL_DRILL_LOG", "/tmp/askwell-drill.log"))
LOG = LOG_PATH.open("a")
METHODS = ["GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE", "PATCH"]


# The mail server: accepts (or, while `refusing`, does not listen), counts messages.


class MailServer:
    def __init__(self):
        self.received = 0
        self.lock = threading.Lock()
        self.server = None
        self.port = _free_port()

    def start(self):
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 drill ESMTP\r\n")
                in_data = False
                for line in self.rfile:
                    if in_data:
                        if line in (b".\r\n", b".\n"):
                            in_data = False
                            with owner.lock:
                                owner.received += 1
                            self.wfile.write(b"250 OK\r\n")
                        continue
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        in_data = True
                        self.wfile.write(b"354 go ahead\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer((HOST, self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def _free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# Services.


def pg(action):
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True
    )


def redis(action):
    if action == "stop":
        subprocess.run(["redis-cli", "-h", HOST, "shutdown", "nosave"], check=False)
    else:
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port",
             "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
             "--logfile", "/var/log/redis/ci.log"],
            check=True,
        )  # fmt: skip


def site_env(database_url, mail_port):
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "drill-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(mail_port),
        "EMAIL_TIMEOUT": "3",
        "ASKWELL_SITE_URL": f"http://{HOST}:{PORT}",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def drill_database_url():
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(url._replace(path="/askwell_faults"))


def recreate_database(database_url):
    import psycopg

    admin = urllib.parse.urlsplit(database_url)._replace(path="/postgres")
    with psycopg.connect(urllib.parse.urlunsplit(admin), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS askwell_faults WITH (FORCE)")
        conn.execute("CREATE DATABASE askwell_faults")


# HTTP.


def request(method, path, body=None, headers=None, timeout=10):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheaders()
    except (OSError, http.client.HTTPException):
        return 0, b"", []
    finally:
        conn.close()


class Browser:
    """A visitor with cookies, able to send forms with their CSRF token."""

    def __init__(self):
        self.cookies = {}

    def _headers(self, extra=None):
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, headers):
        for name, value in headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]

    def get(self, path):
        status, body, headers = request("GET", path, headers=self._headers())
        self._keep(headers)
        return status, body

    def post(self, path, fields, raw=None):
        token = self.cookies.get("csrftoken", "")
        data = raw if raw is not None else urllib.parse.urlencode(fields, doseq=True)
        headers = self._headers(
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": token,
                "Referer": f"http://{HOST}:{PORT}{path}",
            }
        )
        status, body, response_headers = request("POST", path, body=data, headers=headers)
        self._keep(response_headers)
        return status, body

    def form(self, path, fields):
        """GET the form (for its token), then POST it."""
        status, page = self.get(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        token = match.group(1).decode() if match else ""
        return self.post(path, {**fields, "csrfmiddlewaretoken": token})


def start_site(env):
    gunicorn = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"{HOST}:{PORT}", "--workers", "2",
         "--timeout", "30", "--log-level", "warning"],
        cwd=BASE_DIR, env=env, stderr=LOG, stdout=LOG,
    )  # fmt: skip
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
        cwd=BASE_DIR,
        env=env,
        stderr=LOG,
        stdout=LOG,
    )
    for _ in range(100):
        if request("GET", "/")[0] == 200:
            break
        time.sleep(0.2)
    return gunicorn, worker


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


# The fuzz run.


def odd_path(routes, rng):
    route = rng.choice(routes)

    def fill(_):
        return urllib.parse.quote(rng.choice(["1", "2", "question", *ODD]) or "x", safe="")

    path = "/" + re.sub(r"<(?:\w+:)?\w+>", fill, route)
    if rng.random() < 0.3:
        path += "?" + rng.choice(RAW_QUERIES)
    elif rng.random() < 0.5:
        path += "?" + urllib.parse.urlencode([(rng.choice(FIELDS), rng.choice(ODD))])
    return path


def fuzz(count, member_browser, seed=1):
    from config.tests.test_fuzz import ROUTES  # noqa: PLC0415  (needs Django set up)

    rng = random.Random(seed)
    results = Counter()
    server_errors = []
    visitor = Browser()
    visitor.get("/")
    for n in range(count):
        browser = member_browser if n % 2 else visitor
        path = odd_path(ROUTES, rng)
        method = rng.choice(METHODS)
        if method == "POST":
            fields = [(rng.choice(FIELDS), rng.choice(ODD)) for _ in range(rng.randint(1, 8))]
            status, _ = browser.post(path, fields)
        else:
            status, _, _ = request(method, path, headers=browser._headers())
        results[f"{status // 100}xx" if status else "no answer"] += 1
        if status >= 500 or status == 0:
            server_errors.append((method, path[:120], status))
    return results, server_errors


# The load with faults.


class Load:
    """Readers on a few pages, and now and then a password reset (an e-mail)."""

    def __init__(self, paths, reset_email, threads=4):
        self.paths = paths
        self.reset_email = reset_email
        self.threads = threads
        self.phase = "start"
        self.results = {}
        self.resets_answered = 0
        self.running = True
        self.lock = threading.Lock()

    def count(self, status):
        key = f"{status // 100}xx" if status else "no answer"
        with self.lock:
            self.results.setdefault(self.phase, Counter())[key] += 1

    def reader(self):
        rng = random.Random()
        while self.running:
            status, _, _ = request("GET", rng.choice(self.paths), timeout=15)
            self.count(status)

    def resetter(self):
        while self.running:
            browser = Browser()
            status, _ = browser.form("/accounts/password/reset/", {"email": self.reset_email})
            self.count(status)
            if status == 302:
                with self.lock:
                    self.resets_answered += 1
            time.sleep(0.5)

    def start(self):
        self.workers = [threading.Thread(target=self.reader) for _ in range(self.threads)]
        self.workers.append(threading.Thread(target=self.resetter))
        for thread in self.workers:
            thread.start()

    def stop(self):
        self.running = False
        for thread in self.workers:
            thread.join()


def run_phase(load, name, seconds, before=None, after=None):
    # The phase starts when the fault is being made: answers during a service's
    # shutdown count against the outage, not against the phase before it.
    load.phase = name
    if before:
        before()
    time.sleep(seconds)
    if after:
        after()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fuzz", type=int, default=3000, help="malformed requests to send")
    parser.add_argument("--fuzz-only", action="store_true")
    parser.add_argument("--seconds", type=int, default=15, help="length of each phase")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server this drill may restart.")

    database_url = drill_database_url()
    recreate_database(database_url)
    mail_server = MailServer()
    mail_server.start()
    env = site_env(database_url, mail_server.port)
    os.environ.update(env)
    import django

    django.setup()
    print("== preparing the site (migrate, articles, demo data)", flush=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "import_articles")
    manage(env, "seed_demo")
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.filter(is_staff=False, is_active=True).first()
    member.set_password(PASSWORD)
    member.save()
    gunicorn, worker = start_site(env)
    try:
        member_browser = Browser()
        member_browser.form("/accounts/login/", {"login": member.username, "password": PASSWORD})
        print(f"== fuzz: {args.fuzz} malformed requests, half as a visitor, half signed in")
        results, errors = fuzz(args.fuzz, member_browser)
        print("   ", dict(results), f"(gunicorn's and the worker's log: {LOG_PATH})")
        for error in errors[:20]:
            print("    5xx:", error)
        if args.fuzz_only:
            return
        mail_before = mail_server.received
        from articles.models import Article
        from forum.models import Topic

        topic = Topic.objects.filter(opening_post__state="approved").first()
        article = Article.objects.first()
        paths = ["/", "/forum/", topic.get_absolute_url(), article.get_absolute_url()]
        load = Load(paths, member.email)
        print(f"== load: 4 readers and a password reset every 0.5 s; {args.seconds} s phases")
        load.start()
        run_phase(load, "1 all up", args.seconds)
        run_phase(load, "2 PostgreSQL stopped", args.seconds, before=lambda: pg("stop"))
        run_phase(load, "3 PostgreSQL back", args.seconds, before=lambda: pg("start"))
        run_phase(load, "4 Redis stopped", args.seconds, before=lambda: redis("stop"))
        run_phase(load, "5 Redis back", args.seconds, before=lambda: redis("start"))
        run_phase(load, "6 mail server down", args.seconds, before=mail_server.stop)
        run_phase(load, "7 mail server back", args.seconds, before=mail_server.start)
        load.stop()
        for phase, counts in load.results.items():
            print(f"    {phase:24} {dict(sorted(counts.items()))}")
        # The worker retries refused mail after a minute; wait for it to drain.
        from django.db import connection
        from django_tasks_db.models import DBTaskResult

        # The drill's own connection did not survive PostgreSQL's restart.
        connection.close()
        deadline = time.monotonic() + 420
        while time.monotonic() < deadline:
            waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
            if not waiting and mail_server.received - mail_before >= load.resets_answered:
                break
            time.sleep(5)
        print(
            f"== e-mail: {load.resets_answered} password resets answered, "
            f"{mail_server.received - mail_before} e-mails received by the mail server; "
            f"tasks failed: {DBTaskResult.objects.filter(status='FAILED').count()}; "
            f"the worker {'is still running' if worker.poll() is None else 'EXITED'}"
        )
    finally:
        stop(gunicorn)
        stop(worker)
        with contextlib.suppress(Exception):
            if subprocess.run(["pg_isready", "-h", HOST], capture_output=True).returncode:
                pg("start")
        with contextlib.suppress(Exception):
            if subprocess.run(["redis-cli", "ping"], capture_output=True).returncode:
                redis("start")


if __name__ == "__main__":
    main()
