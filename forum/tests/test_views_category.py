"""A category's page: answered questions marked, and the filter to unanswered ones."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from forum.models import Post
from forum.tests.factories import make_question, make_reply

# The category page: answered questions and the unanswered filter.


def answered_and_open(category):
    answered = make_question(category=category, title="A question that has its answer")
    reply = make_reply(topic=answered)
    answered.accepted_answer = reply
    answered.save()
    still_open = make_question(category=category, title="A question still waiting for help")
    return answered, still_open


def test_an_answered_question_is_marked_in_the_list(client, category):
    answered_and_open(category)

    response = client.get(category.get_absolute_url())

    assertContains(response, '<span class="badge badge--ok">Answered</span>', count=1, html=True)
    assertContains(response, "2 questions")


def test_the_category_can_show_only_unanswered_questions(client, category):
    _, still_open = answered_and_open(category)

    response = client.get(category.get_absolute_url(), {"show": "unanswered"})

    assert list(response.context["page"].object_list) == [still_open]
    assertContains(response, "1 unanswered question")
    assertContains(response, '<a href="?show=unanswered" aria-current="page">', html=False)


@pytest.mark.parametrize("value", ["", "answered", "UNANSWERED", "all'"])
def test_an_unknown_filter_shows_every_question(client, category, value):
    answered_and_open(category)

    response = client.get(category.get_absolute_url(), {"show": value})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


def test_the_unanswered_filter_is_kept_across_pages(client, settings, category):
    settings.ASKWELL_TOPICS_PER_PAGE = 1
    make_question(category=category)
    make_question(category=category)

    response = client.get(category.get_absolute_url(), {"show": "unanswered"})

    assertContains(response, '<a rel="next" href="?show=unanswered&amp;page=2">Next</a>', html=True)


def test_a_removed_question_with_replies_is_not_listed_in_its_category(client, category):
    topic = make_question(category=category, title="A question its author removed")
    make_reply(topic=topic)
    Post.objects.filter(pk=topic.opening_post_id).update(state=Post.State.REMOVED)

    response = client.get(category.get_absolute_url())

    assertNotContains(response, "A question its author removed")
    assert client.get(topic.get_absolute_url()).status_code == 200
