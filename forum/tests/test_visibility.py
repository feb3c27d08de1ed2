"""
A pending or rejected post is seen by its author (marked as such) and by moderators,
and by no one else: not on its question's page, in the feed, the sitemap or the
profile. A question its author removed leaves a placeholder only while replies keep
the thread. (Lists, counts and search: test_visibility_lists.py.)
"""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from forum.editing import remove_post
from forum.models import Post
from forum.tests.factories import make_question, make_reply
from forum.tests.hidden import (
    HIDDEN_BODY,
    HIDDEN_REPLY,
    HIDDEN_TITLE,
    INSIDERS,
    OUTSIDERS,
    REASON,
    UNPUBLISHED,
)

# The question page.


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", OUTSIDERS)
def test_an_unpublished_question_is_not_found_by_others(sign_in, hidden_question, state, viewer):
    topic = hidden_question(state)

    response = sign_in(viewer).get(topic.get_absolute_url())

    assert response.status_code == 404


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", OUTSIDERS)
def test_a_wrong_address_of_an_unpublished_question_does_not_reveal_it(
    sign_in, hidden_question, state, viewer
):
    topic = hidden_question(state)

    response = sign_in(viewer).get(f"/forum/diagnosis-and-tests/{topic.pk}-guess/")

    assert response.status_code == 404


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", INSIDERS)
def test_an_unpublished_question_is_shown_to_its_author_and_moderators(
    sign_in, hidden_question, state, viewer
):
    topic = hidden_question(state)

    response = sign_in(viewer).get(topic.get_absolute_url())

    assertContains(response, HIDDEN_TITLE)
    assertContains(response, HIDDEN_BODY)


@pytest.mark.parametrize("viewer", INSIDERS)
def test_a_pending_question_is_marked_waiting_for_review(sign_in, hidden_question, viewer):
    topic = hidden_question(Post.State.PENDING)

    response = sign_in(viewer).get(topic.get_absolute_url())

    assertContains(
        response, '<span class="badge badge--pending">Waiting for review</span>', html=True
    )
    assertContains(
        response, "only you and the moderators can see this until a moderator approves it"
    )


@pytest.mark.parametrize("viewer", INSIDERS)
def test_a_rejected_question_is_marked_not_published_with_the_reason(
    sign_in, hidden_question, viewer
):
    topic = hidden_question(Post.State.REJECTED)

    response = sign_in(viewer).get(topic.get_absolute_url())

    assertContains(response, '<span class="badge badge--rejected">Not published</span>', html=True)
    assertContains(response, f"<p><strong>Reason:</strong> {REASON}</p>", html=True)


def test_a_published_question_carries_no_review_mark(client, question):
    response = client.get(question.get_absolute_url())

    assertNotContains(response, "Waiting for review")
    assertNotContains(response, "Not published")


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", OUTSIDERS)
def test_an_unpublished_reply_is_hidden_from_others_on_the_question_page(
    sign_in, hidden_reply, question, state, viewer
):
    hidden_reply(state)

    response = sign_in(viewer).get(question.get_absolute_url())

    assert response.status_code == 200
    assertNotContains(response, HIDDEN_REPLY)
    assertContains(response, "0 replies")


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", INSIDERS)
def test_an_unpublished_reply_is_shown_to_its_author_and_moderators(
    sign_in, hidden_reply, question, state, viewer
):
    post = hidden_reply(state)

    response = sign_in(viewer).get(question.get_absolute_url())

    assertContains(response, HIDDEN_REPLY)
    assertContains(response, f'class="post post--unpublished" id="post-{post.pk}"')


def test_a_pending_reply_is_marked_waiting_for_review_for_its_author(
    sign_in, hidden_reply, question
):
    hidden_reply(Post.State.PENDING)

    response = sign_in("member").get(question.get_absolute_url())

    assertContains(response, "Waiting for review: only you and the moderators can see this")


def test_a_rejected_reply_shows_its_author_the_reason(sign_in, hidden_reply, question):
    hidden_reply(Post.State.REJECTED)

    response = sign_in("member").get(question.get_absolute_url())

    assertContains(response, "Not published: a moderator decided not to publish this.")
    assertContains(response, f"<p><strong>Reason:</strong> {REASON}</p>", html=True)


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_an_unpublished_reply_is_not_counted_in_the_question_list(
    sign_in, hidden_reply, question, state
):
    hidden_reply(state)

    response = sign_in("member").get(question.category.get_absolute_url())

    assert [topic.reply_count for topic in response.context["page"].object_list] == [0]
    assertContains(response, "· 0 replies")


# Feed and sitemap: public documents, the same for everyone.


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", ["anonymous", "member", "moderator"])
def test_an_unpublished_question_is_not_in_the_feed(
    sign_in, hidden_question, question, state, viewer
):
    topic = hidden_question(state)

    response = sign_in(viewer).get("/forum/feed/")

    assert response.status_code == 200
    assertContains(response, question.title)
    assertNotContains(response, HIDDEN_TITLE)
    assertNotContains(response, topic.get_absolute_url())


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", ["anonymous", "member", "moderator"])
def test_an_unpublished_question_is_not_in_the_sitemap(
    sign_in, hidden_question, question, state, viewer
):
    topic = hidden_question(state)

    response = sign_in(viewer).get("/sitemap.xml")

    assert response.status_code == 200
    assertContains(response, f"http://testserver{question.get_absolute_url()}")
    assertNotContains(response, topic.get_absolute_url())


# The member's profile.


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("viewer", ["anonymous", "other_member", "moderator"])
def test_unpublished_posts_are_not_on_the_public_profile(
    sign_in, member, hidden_question, hidden_reply, state, viewer
):
    hidden_question(state)
    hidden_reply(state)

    response = sign_in(viewer).get(f"/members/{member.username}/")

    assertNotContains(response, HIDDEN_TITLE)
    assertNotContains(response, "Your unpublished posts")
    assertContains(response, "0 published posts")
    assertContains(response, "No published questions yet.")


def test_the_profile_counts_only_published_posts(sign_in, member, hidden_question, hidden_reply):
    make_question(author=member, title="A published question of mine")
    hidden_question(Post.State.PENDING)
    hidden_reply(Post.State.REJECTED)

    response = sign_in("anonymous").get(f"/members/{member.username}/")

    assertContains(response, "1 published post")
    assert [topic.title for topic in response.context["page"].object_list] == [
        "A published question of mine"
    ]


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_the_author_sees_unpublished_posts_in_a_private_box_on_their_profile(
    sign_in, member, hidden_question, question, hidden_reply, state
):
    topic = hidden_question(state)
    reply = hidden_reply(state)

    response = sign_in("member").get(f"/members/{member.username}/")

    assertContains(response, "Your unpublished posts (only you can see this)")
    assert list(response.context["unpublished_posts"]) == [reply, topic.opening_post]
    assertContains(response, f'href="{reply.get_absolute_url()}"')
    assertContains(response, f'href="{topic.opening_post.get_absolute_url()}"')
    assertContains(response, f'<span class="badge badge--{state}">', count=2)
    # The public part of the page stays public.
    assertContains(response, "0 published posts")


# Questions their authors removed: a placeholder while replies keep the thread, and
# never in a list.

REMOVED_TITLE = "A question about statins its author removed"


@pytest.fixture
def removed_question(member, category, article):
    """Builds `member`'s published question, then removes it, with or without replies."""

    def build(with_reply):
        topic = make_question(
            author=member, category=category, article=article, title=REMOVED_TITLE
        )
        if with_reply:
            make_reply(topic=topic, body="A reply that keeps the thread readable.")
        remove_post(post=topic.opening_post, member=member)
        return topic

    return build


@pytest.mark.parametrize("viewer", ["anonymous", "member", "other_member"])
def test_a_removed_question_without_replies_is_not_found(sign_in, removed_question, viewer):
    topic = removed_question(with_reply=False)

    assert sign_in(viewer).get(topic.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("viewer", ["anonymous", "member", "other_member"])
def test_a_removed_question_with_replies_keeps_its_page(sign_in, removed_question, viewer):
    topic = removed_question(with_reply=True)

    response = sign_in(viewer).get(topic.get_absolute_url())

    assertContains(response, REMOVED_TITLE)
    assertContains(response, "Removed by its author.")
    assertContains(response, "A reply that keeps the thread readable.")
    assertNotContains(response, "wonder what to expect")


@pytest.mark.parametrize(
    "page",
    ["/", "/search/?q=statins", "/forum/feed/", "/sitemap.xml", "/members/patient_pat/"],
    ids=["home", "search", "feed", "sitemap", "profile"],
)
@pytest.mark.parametrize("with_reply", [True, False], ids=["with-replies", "alone"])
def test_a_removed_question_is_in_no_list(sign_in, removed_question, page, with_reply):
    topic = removed_question(with_reply=with_reply)

    response = sign_in("anonymous").get(page)

    assert response.status_code == 200
    assertNotContains(response, REMOVED_TITLE)
    assertNotContains(response, topic.get_absolute_url())


@pytest.mark.parametrize("viewer", ["anonymous", "member", "moderator"])
def test_a_removed_question_is_not_under_its_article_or_in_its_category(
    sign_in, removed_question, article, category, viewer
):
    removed_question(with_reply=True)
    client = sign_in(viewer)

    assertNotContains(client.get(article.get_absolute_url()), REMOVED_TITLE)
    assertNotContains(client.get(category.get_absolute_url()), REMOVED_TITLE)


def test_a_removed_reply_is_not_counted_on_the_profile(sign_in, member, question):
    reply = make_reply(topic=question, author=member)
    remove_post(post=reply, member=member)

    response = sign_in("anonymous").get(f"/members/{member.username}/")

    assertContains(response, "0 published posts")
