"""The public profile's parts added for members' own data: bio, avatar, counts of
questions, replies and helpful marks received, and the paginated list of replies."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts import services
from forum import answers
from forum.models import Post
from forum.tests.factories import make_question, make_reply


def profile_url(user):
    return reverse("members:profile", args=[user.username])


@pytest.mark.parametrize(
    "viewer", ["anonymous", "member", "other_member", "suspended_member", "moderator"]
)
def test_everyone_may_read_a_profile(sign_in, member, viewer):
    response = sign_in(viewer).get(profile_url(member))

    assert response.status_code == 200


def test_the_bio_is_shown_through_the_markup_pipeline(client, member):
    services.update_profile(member=member, bio="I *love* <script>alert(1)</script> gardening")

    response = client.get(profile_url(member))

    assertContains(response, "<em>love</em>")
    assertNotContains(response, "<script>alert(1)")


def test_a_member_without_avatar_shows_their_initials(client, member):
    response = client.get(profile_url(member))

    assertContains(response, ">PA</span>")


def test_counts_questions_replies_and_helpful_marks_received(client, member, other_member):
    question = make_question(author=member)
    make_reply(topic=question, author=member)
    others = make_question(author=other_member, slug="others")
    reply = make_reply(topic=others, author=member)
    answers.mark_helpful(post=reply, member=other_member)

    response = client.get(profile_url(member))

    assertContains(response, "3 published posts")
    assertContains(response, "1 question,")
    assertContains(response, "2 replies")
    assertContains(response, "1 helpful mark received")


def test_lists_the_members_published_replies(client, member, question):
    make_reply(topic=question, author=member, body="Stretching every morning helped.")
    make_reply(topic=question, author=member, state=Post.State.PENDING)

    response = client.get(profile_url(member))

    assertContains(response, "Replies")
    assertContains(response, question.title, count=1)


def test_replies_are_paginated(client, member, question, settings):
    settings.ASKWELL_TOPICS_PER_PAGE = 2
    for _ in range(3):
        make_reply(topic=question, author=member)

    first = client.get(profile_url(member))
    second = client.get(profile_url(member), {"replies": 2})

    assertContains(first, "Pages of replies")
    assertContains(first, question.title, count=2)
    assertContains(second, question.title, count=1)


def test_a_member_waiting_for_deletion_has_no_profile(client, member):
    from accounts import privacy

    privacy.request_deletion(member=member, mode="keep_posts")

    assert client.get(profile_url(member)).status_code == 404


def test_the_profile_makes_a_fixed_number_of_queries(
    client, member, other_member, django_assert_max_num_queries
):
    for n in range(5):
        question = make_question(author=member, title=f"Question number {n}", slug=f"q{n}")
        make_reply(topic=question, author=member)
        make_reply(topic=question, author=other_member)

    with django_assert_max_num_queries(8):
        response = client.get(profile_url(member))

    assert response.status_code == 200
