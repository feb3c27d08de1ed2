"""
How fast Askwell's search answers on a large forum.

    DATABASE_URL=postgres://… .venv/bin/python bench/search.py
    .venv/bin/python bench/search.py --questions 100000 --replies 1000000 --explain

Builds a throwaway database (with DATABASE_URL set, a database askwell_bench_search_<pid>
beside the configured one; otherwise a temporary SQLite file), fills it with
config.datagen's bulk inserts (which also build the search index), then runs each
query of QUERIES through the search engine (forum.search.engine.search_site: ranking,
one page of questions with snippets and best replies, the articles, suggestions) and
through the search page, and prints the median and 99th percentile per query and over
all of them. --explain prints the plan (EXPLAIN ANALYZE) of each query's slowest
statement. The development database is never opened (unless named with --reuse, which
only reads it).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

# What readers type: single words, phrases, synonyms, British spellings, a misspelling,
# filters, a second page, and words no post contains.
QUERIES = [
    ("ivig", {}),
    ("steroid side effects", {}),
    ("CK levels", {}),
    ("necrotising myopathy", {}),
    ("myopaty", {}),
    ("prednisone sleep", {}),
    ("stairs after treatment", {}),
    ("fatigue afternoon", {}),
    ("rituximab infusions delayed", {}),
    ("creatine kinase", {"answered": True}),
    ("weight gain", {"kind": "questions"}),
    ("physiotherapy thighs", {"page": 2}),
    ("anaemia blood test", {}),
    ("wheelchair airport holiday", {}),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query")
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database DATABASE_URL names as it is (already generated and "
        "indexed, e.g. by manage.py generate_forum), reading only",
    )
    return parser.parse_args()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    args = parse_args()
    import django

    django.setup()

    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    if args.reuse:
        print(f"Database: {connection.vendor}, {connection.settings_dict['NAME']} as it is")
        measure(args)
        return
    with tempfile.TemporaryDirectory(prefix="askwell-bench-search-") as tmp:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        else:
            connection.settings_dict["TEST"]["NAME"] = f"askwell_bench_search_{os.getpid()}"
        real_name = connection.settings_dict["NAME"]
        test_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            print(f"Database: {connection.vendor}, throwaway {test_name}", flush=True)
            build(args)
            measure(args)
        finally:
            connection.creation.destroy_test_db(real_name, verbosity=0)


def build(args):
    from articles.content import read_content_dir
    from articles.services import import_articles
    from config.datagen import Sizes, generate

    import_articles(sources=read_content_dir())
    started = time.perf_counter()
    generated = generate(
        Sizes(
            members=args.members,
            questions=args.questions,
            replies=args.replies,
            busy_replies=200,
            inbox=100,
            seed=args.seed,
        )
    )
    print(
        f"Built and indexed in {time.perf_counter() - started:.0f} s: {generated.summary()}\n",
        flush=True,
    )


def measure(args):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from forum.search.engine import search_site

    client = Client()
    print(f"{'query':<42} {'engine p50':>10} {'p99':>7} {'page p50':>9} {'p99':>7} {'found':>8}")
    all_engine, all_page = [], []
    for text, options in QUERIES:
        search_site(text, **options)  # warm the caches, as a running site has them
        engine, page = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            results = search_site(text, **options)
            list(results.page.object_list)
            engine.append((time.perf_counter() - started) * 1000)
        params = {"q": text, **{k if k != "kind" else "type": v for k, v in options.items()}}
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get("/search/", params)
            page.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        all_engine += engine
        all_page += page
        label = text + (f" {options}" if options else "")
        found = results.total
        note = f" (for “{results.suggestion}”)" if results.suggestion else ""
        print(
            f"{label[:42]:<42} {statistics.median(engine):>8.1f}ms"
            f" {percentile(engine, 0.99):>5.1f}ms"
            f" {statistics.median(page):>7.1f}ms {percentile(page, 0.99):>5.1f}ms"
            f" {found:>8,}{note}",
            flush=True,
        )
        if args.explain:
            explain(connection, CaptureQueriesContext, search_site, text, options)
    print(
        f"\nAll queries, engine: median {statistics.median(all_engine):.1f} ms, "
        f"p99 {percentile(all_engine, 0.99):.1f} ms; search page: median "
        f"{statistics.median(all_page):.1f} ms, p99 {percentile(all_page, 0.99):.1f} ms "
        f"({len(all_engine)} runs each)"
    )


def explain(connection, capture, search_site, text, options):
    with capture(connection) as captured:
        list(search_site(text, **options).page.object_list)
    timed = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            started = time.perf_counter()
            cursor.execute(sql)
            timed.append((time.perf_counter() - started, sql))
        for _seconds, sql in sorted(timed, reverse=True)[:2]:
            prefix = (
                "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            )
            cursor.execute(prefix + sql)
            print("    " + sql[:300] + ("…" if len(sql) > 300 else ""))
            for row in cursor.fetchall():
                print("      " + " | ".join(str(col) for col in row))
    print()


if __name__ == "__main__":
    main()
