"""
How many requests a second Askwell serves, under gunicorn with production settings,
measured with wrk on this machine's loopback (`make bench`).

    make bench                                   # a temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/askwell REDIS_URL=redis://127.0.0.1:6379/5 \\
        make bench                               # PostgreSQL and Redis

Builds a throwaway site (a temporary SQLite file; with DATABASE_URL, a database
askwell_throughput_<pid> on that server, dropped afterwards; with REDIS_URL, that
Redis, under a key prefix of this run's own), fills it with a fixed forum
(config/datagen.py: 300 members, 3,000 questions, 30,000 replies, one question with
50 replies), starts gunicorn with gunicorn.conf.py (2 sync workers, DEBUG off), and
runs wrk (2 threads, 16 connections, 5 s each) against the article page, the home
page, the forum's front page, a category, the 50-reply question (anonymous and
signed in), search, a signed-in member's reply (a POST with its CSRF token, by
members whose posts are published at once, each reply different), and, in the same
run, a bare Django view returning the question page's bytes from memory
(bench/urls.py) and the same bytes from a few lines of WSGI without Django
(bench/wsgi.py). Prints requests a second, median and 99th-percentile latency and
errors per page, and the question page's rates as a share of the bare view's.
"""

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

# WhiteNoise notes that collectstatic has not run; pages are what is measured here.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

HOST = "127.0.0.1"
SEARCH = "/search/?q=ivig"
REPLY_TEXT = "Thank you for writing this up, it helps to know how long it took"

REPLY_SCRIPT = """
-- Globals: wrk reads each thread's with thread:get. `id` is set by setup().
threads = {}
count, unexpected = 0, 0

function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
end

function request()
    count = count + 1
    local body = "csrfmiddlewaretoken=%(token)s&action=post&body=%(text)s+("
        .. id .. "-" .. count .. ")"
    return wrk.format("POST", "%(path)s", nil, body)
end

function response(status, headers, body)
    -- A reply posted is a redirect to it; anything else (the form again) is an error.
    if status ~= 302 then
        unexpected = unexpected + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("unexpected")
    end
    io.write("UNEXPECTED " .. total .. "\\n")
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--duration", type=int, default=5, help="seconds per page")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    return parser.parse_args()


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def require_wrk():
    if shutil.which("wrk") is None:
        sys.exit(
            "bench/throughput.py measures with wrk, which is not installed.\n"
            "Install it: sudo apt-get install wrk (Debian, Ubuntu), brew install wrk (macOS),\n"
            "or build it from https://github.com/wg/wrk."
        )


# The throwaway database.


def scratch_postgres(url):
    """Create an empty database beside the one `url` names; its URL and a function
    that drops it."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"askwell_throughput_{os.getpid()}"
    params = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(**params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


def build_site(tmp):
    """Migrate, import the articles and generate the forum; what the pages need."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from config.datagen import Sizes, generate
    from forum.models import Post

    call_command("migrate", verbosity=0)
    call_command("import_articles", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    forum = generate(
        Sizes(members=300, questions=3_000, replies=30_000, busy_replies=50, inbox=500, seed=12)
    )
    busy = forum.busy_topic
    # Members whose replies are published at once (enough of their posts approved).
    trusted = [
        m
        for m in forum.members[2:60]
        if Post.objects.filter(author=m, state=Post.State.APPROVED).count() >= 2
    ]
    reader, poster = trusted[0], trusted[1]
    other = (
        busy.category.topics.exclude(pk=busy.pk)
        .filter(opening_post__state=Post.State.APPROVED, is_locked=False)
        .order_by("pk")
        .first()
    )

    def session_cookie(member):
        browser = Client()
        browser.force_login(member)
        return browser.cookies["sessionid"].value

    anonymous = Client(HTTP_HOST=HOST)
    page = anonymous.get(busy.get_absolute_url())
    assert page.status_code == 200, page.status_code
    body = Path(tmp) / "question.html"
    body.write_bytes(page.content)
    from django.db import connection

    connection.close()
    return {
        "summary": forum.summary(),
        "question": busy.get_absolute_url(),
        "category": busy.category.get_absolute_url(),
        "reply": other.get_absolute_url() + "reply/",
        "reader": session_cookie(reader),
        "poster": session_cookie(poster),
        "body": body,
        "size": len(page.content),
        "posts": lambda: Post.objects.count(),
    }


# gunicorn.


def start_gunicorn(env, port, log):
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(BASE_DIR / "gunicorn.conf.py"),
            "bench.wsgi:application",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health/", timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:  # not listening yet, still starting, or not healthy yet
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            log.flush()
            sys.exit("gunicorn did not start:\n" + Path(log.name).read_text()[:9000])
        time.sleep(0.2)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, *, cookie=None, data=None):
    """One request; its status and length (redirects not followed)."""
    request = urllib.request.Request(url, data=data)  # noqa: S310 (a local http URL)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())


# wrk.

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(args, url, *, cookie=None, script=None):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-H", "Content-Type: application/x-www-form-urlencoded", "-s", str(script)]
    done = subprocess.run(command + [url], capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"wrk failed on {url}:\n{done.stdout}{done.stderr}")
    out = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors += int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    errors += int((re.search(r"UNEXPECTED (\d+)", out) or [0, 0])[1])
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rate": rate, "p50": p50, "p99": p99, "errors": errors, "requests": requests}


def main():
    args = parse_args()
    require_wrk()
    run = secrets.token_hex(4)
    port = free_port()
    drop_database = None
    with tempfile.TemporaryDirectory(prefix="askwell-throughput-") as tmp:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(BASE_DIR),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            # Pages are measured, not static files: served from static/ without
            # collectstatic's manifest.
            "DJANGO_STATIC_MANIFEST": "0",
            # Plain HTTP on loopback: cookies without the Secure flag.
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "ASKWELL_SITE_URL": f"http://{HOST}:{port}",
            "ASKWELL_BENCH_RUN": run,
            "ASKWELL_BENCH_BODY": str(Path(tmp) / "question.html"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_WORKER_CLASS": "sync",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        if os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"], drop_database = scratch_postgres(os.environ["DATABASE_URL"])
            where = "PostgreSQL"
        else:
            env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            where = "SQLite"
        if os.environ.get("REDIS_URL"):
            env["REDIS_URL"] = os.environ["REDIS_URL"]
            where += " + Redis"
        else:
            where += " + local-memory cache"
        os.environ.update(env)
        # This process builds the site; only gunicorn's workers log requests.
        os.environ["ASKWELL_REQUEST_LOG"] = "0"
        server = None
        try:
            started = time.monotonic()
            site = build_site(tmp)
            print(f"Site: {where}; {site['summary']} ({time.monotonic() - started:.0f} s).")
            log = open(Path(tmp) / "gunicorn.log", "w")  # noqa: SIM115
            server = start_gunicorn(env, port, log)
            base = f"http://{HOST}:{port}"
            token = secrets.token_hex(16)  # an unmasked CSRF secret, as the cookie holds
            reader = f"sessionid={site['reader']}"
            poster = f"sessionid={site['poster']}; csrftoken={token}"
            script = Path(tmp) / "reply.lua"
            script.write_text(
                REPLY_SCRIPT
                % {"token": token, "text": REPLY_TEXT.replace(" ", "+"), "path": site["reply"]}
            )
            cases = [
                ("Article page", "/articles/necrotizing-myopathy/", None, None),
                ("Home page", "/", None, None),
                ("Forum front page", "/forum/", None, None),
                ("Category page", site["category"], None, None),
                ("Question page, anonymous", site["question"], None, None),
                ("Question page, signed in", site["question"], reader, None),
                ("Search", SEARCH, None, None),
                ("Bare Django view, same bytes", "/bench/bare/", None, None),
                ("WSGI without Django, same bytes", "/bench/wsgi/", None, None),
                ("Reply (POST), signed in", site["reply"], poster, script),
            ]
            # Each page answers as it should before it is measured (and warms up).
            for name, path, cookie, lua in cases:
                for n in range(3):
                    data = None
                    if lua:
                        form = {"csrfmiddlewaretoken": token, "action": "post"}
                        form["body"] = f"{REPLY_TEXT} (warm-up {n})"
                        data = urllib.parse.urlencode(form).encode()
                    status, _length = fetch(base + path, cookie=cookie, data=data)
                expected = 302 if lua else 200
                if status != expected:
                    sys.exit(f"{name}: {path} answered {status}, not {expected}")
            posts_before = site["posts"]()
            rows = []
            for name, path, cookie, lua in cases:
                result = run_wrk(args, base + path, cookie=cookie, script=lua)
                rows.append((name, result))
                print(f"  measured {name}: {result['rate']:.0f} req/s", file=sys.stderr)
            posted = site["posts"]() - posts_before
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            if drop_database is not None:
                from django.db import connections

                connections.close_all()
                drop_database()

    results = dict(rows)
    bare = results["Bare Django view, same bytes"]["rate"]
    print()
    print(
        f"gunicorn, {args.workers} sync workers; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s on loopback; {where}; question page of "
        f"{site['size']:,} bytes."
    )
    print()
    print("| page | req/s | p50 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in rows:
        print(f"| {name} | {r['rate']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |")
    print()
    for name in ("Question page, anonymous", "Question page, signed in"):
        share = results[name]["rate"] / bare if bare else 0
        print(f"{name} / bare Django view: {share:.1%}")
    print(f"Replies written during the POST run: {posted:,}.")


if __name__ == "__main__":
    main()
