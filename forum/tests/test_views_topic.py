"""A question's page: its address and the redirects to it, its replies page by page,
and their order, with the answer that helped first. (Replying: test_views_topic_replying.py.)"""

from urllib.parse import urlencode

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import Category, Post
from forum.tests.factories import make_question, make_replies, make_reply


@pytest.fixture
def topic(member, category):
    return make_question(
        author=member,
        category=category,
        title="Does IVIG help with fatigue?",
        slug="does-ivig-help-with-fatigue",
        body="Six weeks in and I am still exhausted every afternoon.",
    )


# Addresses.


def test_a_question_has_a_readable_address(topic):
    assert topic.get_absolute_url() == (
        f"/forum/treatments-and-medication/{topic.pk}-does-ivig-help-with-fatigue/"
    )


def test_the_question_page_shows_the_question(client, topic):
    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, '<h1 class="topic-title">Does IVIG help with fatigue?</h1>', html=True)
    assertContains(
        response, "<p>Six weeks in and I am still exhausted every afternoon.</p>", html=True
    )
    assertContains(response, '<a href="/members/patient_pat/">patient_pat</a>', html=True)


def test_a_question_asked_from_an_article_links_back_to_it(client, article):
    topic = make_question(article=article)

    response = client.get(topic.get_absolute_url())

    assertContains(response, f'Asked about the article <a href="/articles/{article.slug}/">')


@pytest.mark.parametrize(
    "wrong",
    [
        "/forum/treatments-and-medication/{pk}-old-title/",
        "/forum/diagnosis-and-tests/{pk}-does-ivig-help-with-fatigue/",
    ],
    ids=["wrong-slug", "wrong-category"],
)
def test_a_wrong_category_or_slug_redirects_permanently_to_the_right_address(client, topic, wrong):
    response = client.get(wrong.format(pk=topic.pk))

    assertRedirects(response, topic.get_absolute_url(), status_code=301)


def test_a_moved_question_redirects_from_its_old_category(client, topic):
    old_url = topic.get_absolute_url()
    topic.category = Category.objects.get(slug="living-with-a-condition")
    topic.save()

    response = client.get(old_url)

    assertRedirects(
        response,
        f"/forum/living-with-a-condition/{topic.pk}-does-ivig-help-with-fatigue/",
        status_code=301,
    )


def test_the_redirect_keeps_the_page_number(client, topic):
    response = client.get(f"/forum/treatments-and-medication/{topic.pk}-old-title/?page=2")

    assert response.status_code == 301
    assert response["Location"] == f"{topic.get_absolute_url()}?page=2"


def test_an_unknown_question_is_not_found(client, db):
    response = client.get("/forum/treatments-and-medication/999999-no-such-question/")

    assert response.status_code == 404


def test_an_unknown_category_is_not_found(client, db):
    assert client.get("/forum/no-such-category/").status_code == 404


# Replies, page by page.


def test_replies_are_shown_oldest_first(client, question):
    make_replies(question, 3)

    response = client.get(question.get_absolute_url())

    bodies = [post.body for post in response.context["page"].object_list]
    assert bodies == [
        "Reply number 01 from a member.",
        "Reply number 02 from a member.",
        "Reply number 03 from a member.",
    ]
    assertContains(response, "3 replies")


def test_replies_are_split_into_pages(client, settings, question):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 5)

    response = client.get(f"{question.get_absolute_url()}?page=2")

    bodies = [post.body for post in response.context["page"].object_list]
    assert bodies == ["Reply number 03 from a member.", "Reply number 04 from a member."]
    assertContains(response, "Page 2 of 3")
    assertContains(response, '<a rel="prev" href="?page=1">Previous</a>', html=True)
    assertContains(response, '<a rel="next" href="?page=3">Next</a>', html=True)


def test_the_opening_post_is_not_counted_as_a_reply(client, question):
    response = client.get(question.get_absolute_url())

    assert list(response.context["page"].object_list) == []
    assertContains(response, "No replies yet.")
    assertContains(response, "0 replies")


@pytest.mark.parametrize(
    ("value", "expected_page"),
    [
        ("abc", 1),
        ("0", 3),
        ("-1", 3),
        ("99999", 3),
        ("9" * 30, 3),
        ("", 1),
        ("1.5", 1),
        ("\u0663", 3),
    ],
)
def test_a_bad_page_number_shows_a_page_instead_of_an_error(
    client, settings, question, value, expected_page
):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 5)

    response = client.get(f"{question.get_absolute_url()}?{urlencode({'page': value})}")

    assert response.status_code == 200
    assert response.context["page"].number == expected_page
    assertContains(response, f"Page {expected_page} of 3")
    assertContains(response, "5 replies")


def test_the_last_page_shows_the_rest_and_counts_all_replies(client, settings, question):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 5)

    response = client.get(question.get_absolute_url(), {"page": 3})

    bodies = [post.body for post in response.context["page"].object_list]
    assert bodies == ["Reply number 05 from a member."]
    assertContains(response, "5 replies")
    assertContains(response, "Page 3 of 3")
    assertNotContains(response, 'rel="next"')


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999"])
def test_a_bad_page_number_on_a_category_shows_a_page_instead_of_an_error(client, question, value):
    response = client.get(f"{question.category.get_absolute_url()}?page={value}")

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [question]


# Ordering the replies, and the answer that helped.


def test_replies_can_be_shown_most_helpful_first(client, question):
    first, second, third = make_replies(question, 3)
    Post.objects.filter(pk=second.pk).update(helpful_count=5)
    Post.objects.filter(pk=third.pk).update(helpful_count=2)

    response = client.get(question.get_absolute_url(), {"sort": "helpful"})

    assert list(response.context["page"].object_list) == [second, third, first]
    assertContains(response, '<a href="?sort=helpful" aria-current="true">', html=False)


@pytest.mark.parametrize("value", ["", "newest", "helpful'", "-helpful_count"])
def test_an_unknown_sort_shows_the_oldest_first(client, question, value):
    replies = make_replies(question, 2)
    Post.objects.filter(pk=replies[1].pk).update(helpful_count=3)

    response = client.get(question.get_absolute_url(), {"sort": value})

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == replies


def test_the_order_is_kept_across_pages(client, settings, question):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 5)

    response = client.get(question.get_absolute_url(), {"sort": "helpful", "page": 2})

    assertContains(response, '<a rel="next" href="?sort=helpful&amp;page=3">Next</a>', html=True)
    assertContains(
        response, '<a rel="prev" href="?sort=helpful&amp;page=1">Previous</a>', html=True
    )


def test_the_helpful_count_is_shown_to_readers(client, question):
    reply = make_reply(topic=question)
    Post.objects.filter(pk=reply.pk).update(helpful_count=3)

    response = client.get(question.get_absolute_url())

    assertContains(response, "3 members found this helpful")


def test_the_answer_that_helped_is_not_shown_when_it_is_hidden(client, question):
    reply = make_reply(topic=question, body="An answer that a moderator is now checking.")
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)
    question.accepted_answer = reply
    question.save()

    response = client.get(question.get_absolute_url())

    assert response.context["accepted_answer"] is None
    assertNotContains(response, "An answer that a moderator is now checking.")
    assertNotContains(response, "The answer that helped the asker")


@pytest.mark.parametrize(("viewer", "shown"), [("member", True), ("other_member", False)])
def test_a_hidden_answer_that_helped_stays_shown_to_its_author_alone(
    request, client, question, viewer, shown
):
    author = request.getfixturevalue("member")
    reply = make_reply(topic=question, author=author, body="My answer, now being checked.")
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)
    question.accepted_answer = reply
    question.save()
    client.force_login(request.getfixturevalue(viewer))

    response = client.get(question.get_absolute_url())

    assert (response.context["accepted_answer"] == reply) is shown
    assert ("The answer that helped the asker" in response.content.decode()) is shown


def test_a_hidden_post_is_explained_to_its_author(client, member, question):
    make_reply(topic=question, author=member, state=Post.State.HIDDEN)
    client.force_login(member)

    response = client.get(question.get_absolute_url())

    assertContains(response, "Hidden while moderators look at members' reports.")
