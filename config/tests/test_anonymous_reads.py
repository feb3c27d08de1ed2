"""
A reader without an account writes nothing: no session (no cookie, no row), no
INSERT, UPDATE or DELETE, on every page a reader reaches, with the page cache on
(the first, stored visit and the next) and off.
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.tests.factories import make_replies

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def reader_pages(question, member, article):
    make_replies(question, 3)
    return [
        reverse("home"),
        reverse("forum:index"),
        question.category.get_absolute_url(),
        question.category.get_absolute_url() + "?show=unanswered&page=2",
        question.get_absolute_url(),
        question.get_absolute_url() + "?sort=helpful",
        reverse("articles:list"),
        article.get_absolute_url(),
        reverse("search") + "?q=recovery",
        reverse("members:profile", args=[member.username]),
        reverse("pages:page", args=["guidelines"]),
        reverse("forum:feed"),
        reverse("forum:feed-question", args=[question.pk]),
        reverse("sitemap"),
        reverse("robots"),
        # A question that is not there, and a page beyond the last.
        question.category.get_absolute_url() + f"{question.pk + 100}-gone/",
        question.get_absolute_url() + "?page=99",
    ]


def writes_while_reading(url):
    reader = Client()
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(url)
    assert response.status_code in (200, 404), url
    assert "sessionid" not in response.cookies, url
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize("page_cache", [True, False])
def test_a_reader_writes_nothing_and_gets_no_session(settings, reader_pages, page_cache):
    settings.ASKWELL_PAGE_CACHE = page_cache
    sessions_before = Session.objects.count()

    for url in reader_pages:
        for visit in range(2):
            assert writes_while_reading(url) == [], (url, visit)

    assert Session.objects.count() == sessions_before == 0


def test_the_sign_in_page_gives_a_reader_no_session(db):
    response = Client().get(reverse("account_login"))

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert Session.objects.count() == 0
