"""
Every page makes the same number of queries whatever the size of the forum: each is
measured on a small generated forum (config.datagen) and again after the forum has
grown several times over, for a reader and for a member.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.tests.factories import import_site_articles
from config.datagen import Sizes, generate
from forum.models import Post, Topic

pytestmark = pytest.mark.django_db

SMALL = Sizes(members=20, questions=40, replies=150, busy_replies=30, inbox=30, seed=1)
LARGE = Sizes(members=60, questions=200, replies=900, busy_replies=120, inbox=150, seed=2)


def pages(forum):
    """The pages to count, for the forum `generate` made."""
    busy = forum.busy_topic
    author = (
        Post.objects.filter(topic=busy, state=Post.State.APPROVED)
        .exclude(pk=busy.opening_post_id)
        .values_list("author__username", flat=True)
        .first()
    )
    article = Topic.objects.filter(article__isnull=False).values_list("article__slug").first()
    return {
        "home": (None, reverse("home")),
        "categories": (None, reverse("forum:index")),
        "category": (None, busy.category.get_absolute_url()),
        "question (reader)": (None, busy.get_absolute_url()),
        "question, most helpful first (reader)": (None, busy.get_absolute_url() + "?sort=helpful"),
        "question (member)": (forum.inbox_member, busy.get_absolute_url()),
        "article": (None, reverse("articles:detail", args=[article[0]])),
        "profile": (None, reverse("members:profile", args=[author])),
        "notifications": (forum.inbox_member, reverse("forum:notifications")),
        "search": (None, reverse("search") + "?q=IVIG+difference"),
        "search (member)": (forum.inbox_member, reverse("search") + "?q=steroids"),
    }


def count_queries(member, url):
    client = Client()
    if member is not None:
        client.force_login(member)
        client.get(url)  # the session's first use is written once; count the next.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_each_page_makes_the_same_number_of_queries_at_two_sizes(settings):
    # The pages themselves are measured, not the page cache in front of them.
    settings.ASKWELL_PAGE_CACHE = False
    import_site_articles()
    small = generate(SMALL)
    at_small = {name: count_queries(*page) for name, page in pages(small).items()}

    large = generate(LARGE)
    assert Post.objects.count() > 5 * (SMALL.questions + SMALL.replies)
    at_large = {name: count_queries(*page) for name, page in pages(large).items()}

    assert at_large == at_small
