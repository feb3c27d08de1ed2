"""
A pending or rejected post is in no list of questions, no count and no search result,
except for its author and moderators.
"""

import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from forum.models import Post
from forum.tests.factories import make_question
from forum.tests.hidden import (
    HIDDEN_REPLY,
    HIDDEN_TITLE,
    INSIDERS,
    OUTSIDERS,
    UNPUBLISHED,
)

# Lists of questions.


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", OUTSIDERS)
def test_an_unpublished_question_is_not_listed_in_its_category(
    sign_in, hidden_question, category, state, viewer
):
    hidden_question(state)

    response = sign_in(viewer).get(category.get_absolute_url())

    assertNotContains(response, HIDDEN_TITLE)
    assertContains(response, "No questions here yet.")


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", INSIDERS)
def test_an_unpublished_question_is_listed_in_its_category_for_its_author_and_moderators(
    sign_in, hidden_question, category, state, viewer
):
    topic = hidden_question(state)

    response = sign_in(viewer).get(category.get_absolute_url())

    assert list(response.context["page"].object_list) == [topic]
    assertContains(response, f'<span class="badge badge--{state}">', count=1)


def category_row(response, category):
    return next(c for c in response.context["categories"] if c.pk == category.pk)


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", [*OUTSIDERS, *INSIDERS])
def test_an_unpublished_question_is_left_out_of_the_forum_index_counts_for_everyone(
    sign_in, hidden_question, category, state, viewer
):
    # The index shows the forum's public counts, like a question's reply count; the
    # author finds their own unpublished posts on their question pages and profile.
    hidden_question(state)

    response = sign_in(viewer).get("/forum/")

    row = category_row(response, category)
    assert (row.question_count, row.reply_count, row.last_activity_at) == (0, 0, None)


@pytest.mark.parametrize("viewer", OUTSIDERS)
def test_the_forum_index_shows_the_last_published_activity_not_a_newer_pending_one(
    sign_in, member, category, viewer
):
    published_at = timezone.now() - datetime.timedelta(days=3)
    make_question(category=category, when=published_at)
    make_question(author=member, category=category, state=Post.State.PENDING)

    response = sign_in(viewer).get("/forum/")

    row = category_row(response, category)
    assert (row.question_count, row.last_activity_at) == (1, published_at)


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", [*OUTSIDERS, *INSIDERS])
def test_an_unpublished_reply_is_left_out_of_the_forum_index_counts(
    sign_in, hidden_reply, question, state, viewer
):
    hidden_reply(state)

    response = sign_in(viewer).get("/forum/")

    row = category_row(response, question.category)
    assert (row.question_count, row.reply_count) == (1, 0)


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", OUTSIDERS)
def test_an_unpublished_question_is_not_under_its_article(
    sign_in, hidden_question, article, state, viewer
):
    hidden_question(state)

    response = sign_in(viewer).get(article.get_absolute_url())

    assertNotContains(response, HIDDEN_TITLE)
    assertContains(response, "No member has asked about this article yet.")


@pytest.mark.parametrize("viewer", INSIDERS)
def test_a_pending_question_is_under_its_article_for_its_author_and_moderators(
    sign_in, hidden_question, article, viewer
):
    topic = hidden_question(Post.State.PENDING)

    response = sign_in(viewer).get(article.get_absolute_url())

    assert list(response.context["questions"]) == [topic]
    assertContains(response, "Waiting for review")


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", OUTSIDERS)
def test_an_unpublished_question_is_not_on_the_home_page(sign_in, hidden_question, state, viewer):
    hidden_question(state)

    response = sign_in(viewer).get("/")

    assertNotContains(response, HIDDEN_TITLE)
    assertContains(response, "No questions yet. Be the first to ask.")


@pytest.mark.parametrize("viewer", INSIDERS)
def test_a_pending_question_is_on_the_home_page_for_its_author_and_moderators(
    sign_in, hidden_question, viewer
):
    topic = hidden_question(Post.State.PENDING)

    response = sign_in(viewer).get("/")

    assert list(response.context["questions"]) == [topic]


@pytest.mark.parametrize("query", ["dosage", "prednisolone"], ids=["by-title", "by-text"])
@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", [*OUTSIDERS, *INSIDERS])
def test_an_unpublished_question_is_not_found_by_search(
    sign_in, hidden_question, state, viewer, query
):
    # Search finds what every reader may read; authors find their questions waiting
    # for review on their profile, moderators in the review queue.
    hidden_question(state)

    response = sign_in(viewer).get("/search/", {"q": query})

    assertNotContains(response, HIDDEN_TITLE)
    assertContains(response, f"Nothing on Askwell matches “{query}” yet.")


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_an_unpublished_reply_is_not_found_by_search(client, hidden_reply, state):
    hidden_reply(state)

    response = client.get("/search/", {"q": "methotrexate"})

    assertNotContains(response, HIDDEN_REPLY)
    assert list(response.context["results"].page.object_list) == []
