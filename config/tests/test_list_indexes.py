"""
Every list's filter and order is served by an index: the home page's latest questions,
a category's questions, a question's replies, a member's notifications, a profile's
questions and replies, and the moderation queue.

The plans are asked of the database the tests run on. On PostgreSQL with sequential
scans turned off for the query (`enable_seqscan = off`), so the plan shows whether an
index can serve it at all, whatever the table's size: a sequential scan of posts,
questions or notifications left in it means none can. On SQLite, `EXPLAIN QUERY PLAN`
must not read those tables whole except along an index (`SCAN … USING INDEX`, read in
the list's order).
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.datagen import Sizes, generate
from moderation.queue import queue_queryset

pytestmark = pytest.mark.django_db

# Tables that stay small whatever the forum's size: reading them whole is fine.
SMALL_TABLES = {"forum_category", "articles_article", "forum_rejectionreason"}
# What SQLite calls the rows of a bounded inner query (a COUNT over a LIMIT,
# forum.listing): never more than the LIMIT, whatever the size of the forum.
BOUNDED_SUBQUERIES = {"subquery"}


@pytest.fixture
def forum():
    return generate(
        Sizes(members=40, questions=300, replies=1500, busy_replies=60, inbox=200, seed=7)
    )


def plan(sql, params=()):
    """The query plan of `sql` as text, one step a line."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute("EXPLAIN " + sql, params)
                return "\n".join(row[0] for row in cursor.fetchall())
            finally:
                cursor.execute("RESET enable_seqscan")
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def whole_table_reads(text):
    """The tables (or their aliases in the query, on SQLite) that a plan reads row by
    row without an index, small tables left out."""
    if connection.vendor == "postgresql":
        pattern = r"Seq Scan on (\w+)"
    else:
        pattern = (
            r"\bSCAN (\w+)(?!\w)"
            r"(?! USING (?:COVERING )?INDEX)(?! USING INTEGER PRIMARY KEY)(?! VIRTUAL)"
        )
    skipped = SMALL_TABLES | BOUNDED_SUBQUERIES
    return sorted({table for table in re.findall(pattern, text) if table not in skipped})


def list_queries(browser, url):
    """The queries of the page at `url` that list rows: those with an ORDER BY and a
    LIMIT."""
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200
    queries = [
        q["sql"]
        for q in captured.captured_queries
        if " ORDER BY " in q["sql"] and " LIMIT " in q["sql"] and q["sql"].startswith("SELECT")
    ]
    assert queries, f"{url} lists nothing"
    return queries


def pages(forum):
    busy = forum.busy_topic
    prolific = max(forum.members, key=lambda m: m.posts.filter(state="approved").count())
    return {
        "home": (None, "/"),
        "category": (None, busy.category.get_absolute_url()),
        "category, a later page": (None, busy.category.get_absolute_url() + "?page=3"),
        "question": (None, busy.get_absolute_url()),
        "question, most helpful first": (None, busy.get_absolute_url() + "?sort=helpful"),
        "notifications": (forum.inbox_member, "/forum/notifications/"),
        "profile": (None, f"/members/{prolific.username}/"),
    }


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "category",
        "category, a later page",
        "question",
        "question, most helpful first",
        "notifications",
        "profile",
    ],
)
def test_each_list_on_the_page_is_read_through_an_index(forum, page):
    member, url = pages(forum)[page]
    browser = Client()
    if member is not None:
        browser.force_login(member)

    for sql in list_queries(browser, url):
        text = plan(sql)
        assert whole_table_reads(text) == [], f"{page}: {sql}\n{text}"


def test_the_moderation_queue_is_read_through_an_index(forum):
    sql, params = queue_queryset()[:25].query.sql_with_params()

    text = plan(sql, params)

    assert whole_table_reads(text) == [], text


def test_without_its_index_a_list_would_read_the_whole_table(forum):
    # The check above can fail: posts listed in an order no index has are read whole.
    sql = "SELECT id FROM forum_post WHERE body_html <> '' ORDER BY body_html LIMIT 20"

    assert whole_table_reads(plan(sql)) == ["forum_post"]
