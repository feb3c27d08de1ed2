"""A member's public profile, /members/<name>/: who they are, their published posts
and, for themselves only, their unpublished ones."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from forum import lifecycle
from forum.models import Post
from forum.tests.factories import make_question, make_reply

UNPUBLISHED_BOX = "Your unpublished posts (only you can see this)"


def profile_url(user):
    return reverse("members:profile", args=[user.username])


def test_profile_shows_the_username_and_when_they_joined(client, member):
    member.date_joined = member.date_joined.replace(year=2025, month=3)
    member.save(update_fields=["date_joined"])

    response = client.get(profile_url(member))

    assertContains(response, "<h1>patient_pat</h1>", html=True)
    assertContains(response, "Member since March 2025")


def test_profile_counts_only_published_posts(client, member):
    question = make_question(author=member)
    make_reply(topic=question, author=member)
    make_reply(topic=question, author=member, state=Post.State.PENDING)

    response = client.get(profile_url(member))

    assertContains(response, "2 published posts")


def test_replies_in_a_question_a_moderator_hid_leave_the_published_count(
    client, member, other_member, moderator
):
    make_question(author=member, title="A question of their own")
    hidden = make_question(author=other_member, title="A question hidden later")
    make_reply(topic=hidden, author=member)
    make_reply(topic=hidden, author=member)
    # As moderation.questions.hide_topic leaves it: the opening post hidden.
    lifecycle.change_state(hidden.opening_post, lifecycle.HIDE_QUESTION, actor=moderator)

    response = client.get(profile_url(member))

    assertContains(response, "1 published post")
    assertNotContains(response, "3 published posts")


def test_profile_lists_the_members_published_questions(client, member):
    make_question(author=member, title="Which exercises helped your grip?")

    response = client.get(profile_url(member))

    assertContains(response, "Which exercises helped your grip?")


@pytest.mark.parametrize("viewer", [None, "member", "other_member", "moderator"])
def test_profile_never_shows_the_email_address(client, request, member, viewer):
    if viewer:
        client.force_login(request.getfixturevalue(viewer))

    response = client.get(profile_url(member))

    assertNotContains(response, "patient_pat@example.org")


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.REJECTED])
def test_unpublished_questions_are_hidden_from_other_members(client, member, other_member, state):
    make_question(author=member, title="A worry I have not shared yet", state=state)
    client.force_login(other_member)

    response = client.get(profile_url(member))

    assertNotContains(response, "A worry I have not shared yet")
    assertContains(response, "0 published posts")


def test_owner_sees_their_unpublished_posts_in_a_private_box(client, member):
    make_question(author=member, title="A worry I have not shared yet", state=Post.State.PENDING)
    client.force_login(member)

    response = client.get(profile_url(member))

    assertContains(response, UNPUBLISHED_BOX)
    assertContains(response, "A worry I have not shared yet")


def test_other_members_do_not_see_the_private_box(client, member, other_member):
    make_question(author=member, state=Post.State.PENDING)
    client.force_login(other_member)

    response = client.get(profile_url(member))

    assertNotContains(response, UNPUBLISHED_BOX)


def test_unknown_username_is_not_found(client, db):
    response = client.get(reverse("members:profile", args=["nobody_here"]))

    assert response.status_code == 404


def test_closed_account_profile_is_not_found(client, member):
    member.is_active = False
    member.save(update_fields=["is_active"])

    response = client.get(profile_url(member))

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999"])
def test_bad_page_number_shows_a_page_instead_of_an_error(client, member, page):
    make_question(author=member, title="Which exercises helped your grip?")

    response = client.get(profile_url(member), {"page": page})

    assertContains(response, "Which exercises helped your grip?")
