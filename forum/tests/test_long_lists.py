"""A category's list goes back a bounded number of pages, so that its deepest page
costs what its first does; older questions are a search away, and the page says so."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Category
from forum.tests.factories import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_category(settings):
    settings.ASKWELL_TOPICS_PER_PAGE = 2
    settings.ASKWELL_LIST_MAX_PAGES = 2
    category = Category.objects.order_by("position").first()
    start = timezone.now() - timedelta(days=1)
    for number in range(7):
        make_question(
            category=category,
            title=f"Question number {number}",
            slug=f"question-{number}",
            when=start + timedelta(minutes=number),
        )
    category.refresh_from_db()
    return category


def titles(response):
    return [topic.title for topic in response.context["page"].object_list]


def test_the_list_stops_at_its_last_counted_page_and_points_to_search(client, long_category):
    response = client.get(long_category.get_absolute_url(), {"page": 2})

    assert titles(response) == ["Question number 4", "Question number 3"]
    page = response.content.decode()
    assert "Page 2 of 2" in page
    assert 'rel="next"' not in page
    assert "These are the 4 most recently active questions here." in page
    assert '<a href="/search/">Search</a> finds older ones.' in page
    # The count of all questions comes from the category's counter.
    assert "7 questions" in page


@pytest.mark.parametrize("number", ["3", "99", "99999999999999999999", "-1", "last", "1.5"])
def test_a_page_past_the_bound_or_malformed_gives_a_page_of_the_list(client, long_category, number):
    response = client.get(long_category.get_absolute_url(), {"page": number})

    assert response.status_code == 200
    assert len(titles(response)) == 2


def test_a_list_within_the_bound_says_nothing_of_search(client, long_category, settings):
    settings.ASKWELL_LIST_MAX_PAGES = 4

    response = client.get(long_category.get_absolute_url(), {"page": 4})

    assert titles(response) == ["Question number 0"]
    page = response.content.decode()
    assert "Page 4 of 4" in page
    assert "most recently active questions" not in page


def test_unanswered_questions_past_the_bound_are_counted_as_more_than(client, long_category):
    response = client.get(long_category.get_absolute_url(), {"show": "unanswered"})

    assert "More than 4 unanswered questions" in response.content.decode()


def test_the_list_counts_no_further_than_its_pages(client, long_category):
    with CaptureQueriesContext(connection) as queries:
        client.get(long_category.get_absolute_url())

    (count,) = [q["sql"] for q in queries if "COUNT(*)" in q["sql"] and "forum_topic" in q["sql"]]
    assert "LIMIT 5" in count
