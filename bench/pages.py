"""
How fast Askwell's main pages render with a realistic amount of data.

    make bench                      # DJANGO_DEBUG=1 .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --runs 50 --explain

Builds a throwaway database (a temporary SQLite file; with DATABASE_URL set, a database
askwell_bench_<pid> beside the configured one, never the test runner's), fills it with
members, questions, replies, helpful marks, answers that helped, follows, notifications
and flags, then requests each page with Django's test client (anonymous, as a member, as
a member with a long notification list, as a moderator) and prints, per page, the median
and 95th-percentile time, the number of SQL queries and the slowest of them. The
development database (db.sqlite3) is never opened.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

SEARCH_TERM = "ivig"

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# WhiteNoise notes that collectstatic has not run; pages are what is measured here.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--questions", type=int, default=5_000)
    parser.add_argument("--replies", type=int, default=50_000)
    parser.add_argument(
        "--busy-replies", type=int, default=200, help="replies on the one busy question"
    )
    parser.add_argument(
        "--inbox",
        type=int,
        default=5_000,
        help="notifications of the one member with a long notification list",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--explain", action="store_true", help="print the plan of each page's slowest query"
    )
    return parser.parse_args()


def main():
    args = parse_args()
    import django

    django.setup()

    from django.db import connection
    from django.test.utils import setup_test_environment

    # Production-like rendering (no template debug, no query log outside measurement),
    # the test client's host allowed, e-mail kept in memory.
    setup_test_environment(debug=False)

    with tempfile.TemporaryDirectory(prefix="askwell-bench-") as tmp:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        else:
            # Not the test runner's test_<name>: a test run may be using that one.
            connection.settings_dict["TEST"]["NAME"] = f"askwell_bench_{os.getpid()}"
        real_name = connection.settings_dict["NAME"]
        test_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            print(f"Database: {connection.vendor}, throwaway {test_name}")
            started = time.perf_counter()
            site = build_site(args)
            print(
                f"Built in {time.perf_counter() - started:.1f} s: {site['summary']}\n",
                flush=True,
            )
            rows = measure(site, runs=args.runs, explain=args.explain)
            print_table(rows, runs=args.runs)
        finally:
            connection.creation.destroy_test_db(real_name, verbosity=0)


def build_site(args):
    """The generated forum (config.datagen), the articles, and a moderator."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User
    from accounts.services import grant_moderator
    from articles.content import read_content_dir
    from articles.models import Article
    from articles.services import import_articles
    from config.datagen import Sizes, generate
    from forum.models import Category

    import_articles(sources=read_content_dir())
    sizes = Sizes(
        members=args.members,
        questions=args.questions,
        replies=args.replies,
        busy_replies=args.busy_replies,
        inbox=args.inbox,
        seed=args.seed,
    )
    generated = generate(sizes)
    moderator = User.objects.create_user("bench_moderator", email="mod@example.org", password=None)
    grant_moderator(user=moderator)
    # The admin lets staff in only once they have an authenticator app.
    TOTP.activate(moderator, generate_totp_secret())
    return {
        "summary": generated.summary(),
        "member": generated.members[0],
        "inbox_member": generated.inbox_member,
        "moderator": moderator,
        "hot_topic": generated.busy_topic,
        "category": Category.objects.order_by("position")[1],
        "article": Article.objects.get(slug="necrotizing-myopathy"),
    }


# Measuring -----------------------------------------------------------------------------


def pages(site):
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser

    from forum.models import Topic
    from forum.notifications.inbox import visible_notifications
    from forum.views.notifications import NOTIFICATIONS_PER_PAGE

    def last_page(count, per_page):
        return max(1, -(-count // per_page))

    category = site["category"]
    listed = Topic.objects.visible_to(AnonymousUser()).listed().filter(category=category)
    deep = last_page(listed.count(), settings.ASKWELL_TOPICS_PER_PAGE)
    deep_unanswered = last_page(listed.unanswered().count(), settings.ASKWELL_TOPICS_PER_PAGE)
    unanswered = f"{category.get_absolute_url()}?show=unanswered"
    hot = site["hot_topic"].get_absolute_url()
    hot_last = last_page(site["hot_topic"].reply_count, settings.ASKWELL_POSTS_PER_PAGE)
    replies = site["hot_topic"].reply_count
    inbox = visible_notifications(site["inbox_member"])
    inbox_total = inbox.count()
    inbox_unread = inbox.filter(read_at__isnull=True).count()
    inbox_last = last_page(inbox_total, NOTIFICATIONS_PER_PAGE)
    return [
        ("home", "/", None),
        ("forum index", "/forum/", None),
        ("category, page 1", category.get_absolute_url(), None),
        (f"category, page {deep} (last)", f"{category.get_absolute_url()}?page={deep}", None),
        ("category, unanswered, page 1", unanswered, None),
        (
            f"category, unanswered, page {deep_unanswered} (last)",
            f"{unanswered}&page={deep_unanswered}",
            None,
        ),
        (f"question ({replies} replies), page 1", hot, None),
        (f"question ({replies} replies), page {hot_last}", f"{hot}?page={hot_last}", None),
        ("question, most helpful first", f"{hot}?sort=helpful", None),
        ("article", site["article"].get_absolute_url(), None),
        (f"search “{SEARCH_TERM}”", f"/search/?q={SEARCH_TERM}", None),
        ("home, as a member", "/", "member"),
        ("forum index, as a member", "/forum/", "member"),
        ("category, page 1, as a member", category.get_absolute_url(), "member"),
        ("category, unanswered, as a member", unanswered, "member"),
        ("question, page 1, as a member", hot, "member"),
        (f"question, page {hot_last}, as a member", f"{hot}?page={hot_last}", "member"),
        ("question, most helpful first, as a member", f"{hot}?sort=helpful", "member"),
        ("ask form, as a member", "/forum/ask/", "member"),
        (f"home, as a member with {inbox_unread} unread", "/", "inbox"),
        (f"notifications ({inbox_total:,}), page 1", "/forum/notifications/", "inbox"),
        (
            f"notifications, page {inbox_last} (last)",
            f"/forum/notifications/?page={inbox_last}",
            "inbox",
        ),
        ("moderation queue (admin)", "/admin/forum/pendingpost/", "moderator"),
    ]


def measure(site, *, runs, explain):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {None: Client()}
    for who in ("member", "inbox", "moderator"):
        clients[who] = Client()
        clients[who].force_login(site["inbox_member" if who == "inbox" else who])

    rows = []
    for label, url, who in pages(site):
        client = clients[who]
        for _ in range(2):  # warm caches (templates, URL resolver, SQLite pages)
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
        # The same queries run on every request; keep each one's best time over a few
        # requests, so that one unlucky request does not pick the "slowest query".
        queries = None
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            current = [(q["sql"], float(q["time"]) * 1000) for q in captured.captured_queries]
            if queries is None or len(current) != len(queries):
                queries = current
            else:
                queries = [
                    (sql, min(ms, best))
                    for (sql, ms), (_, best) in zip(current, queries, strict=True)
                ]
        slowest = max(queries, key=lambda q: q[1], default=None)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "label": label,
                "median": statistics.median(timings),
                "p95": percentile(timings, 95),
                "queries": len(queries),
                "slowest_ms": slowest[1] if slowest else 0.0,
                "kb": len(response.content) / 1024,
            }
        )
        if explain and slowest:
            print_plan(label, slowest[0])
    return rows


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def print_plan(label, sql):
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        plan = [" | ".join(str(col) for col in row) for row in cursor.fetchall()]
    print(f"-- {label}: slowest query\n{sql}\n" + "\n".join(f"   {line}" for line in plan) + "\n")


def print_table(rows, *, runs):
    width = max(len(row["label"]) for row in rows)
    header = (
        f"{'page':<{width}}  {'median ms':>9}  {'p95 ms':>7}  {'queries':>7}  "
        f"{'slowest SQL ms':>14}  {'KB':>5}"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{runs} timed requests per page (Django test client, DEBUG off); "
        f"load average {load} on {os.cpu_count()} CPUs\n"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['label']:<{width}}  {row['median']:>9.1f}  {row['p95']:>7.1f}  "
            f"{row['queries']:>7}  {row['slowest_ms']:>14.1f}  {row['kb']:>5.0f}"
        )


if __name__ == "__main__":
    main()
