"""Moderators see who asked an anonymous question: in the queue, on a post's review
page (with the author's history) and in the questions list."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from forum import asking
from forum.models import Post


@pytest.fixture
def anonymous_pending(member, category):
    """patient_pat's anonymous question, waiting for review."""
    return asking.ask_question(
        author=member,
        category=category,
        title="A question I ask without my name",
        body="Something private that I would rather not sign.",
        anonymous=True,
    )


def test_the_queue_names_the_real_author_of_an_anonymous_post(moderator_client, anonymous_pending):
    response = moderator_client.get(reverse("admin:forum_pendingpost_changelist"))

    assertContains(response, "patient_pat (anonymous to members)")


def test_the_review_page_names_the_real_author_with_their_history(
    moderator_client, anonymous_pending
):
    url = reverse("admin:forum_pendingpost_change", args=[anonymous_pending.opening_post_id])

    response = moderator_client.get(url)

    assertContains(response, "patient_pat (anonymous to members)")
    assertContains(response, "joined")


def test_a_former_members_post_shows_in_the_queue_without_an_account(
    moderator_client, anonymous_pending
):
    Post.objects.filter(pk=anonymous_pending.opening_post_id).update(author=None)

    response = moderator_client.get(reverse("admin:forum_pendingpost_changelist"))

    assertContains(response, "Former member")


def test_the_log_names_a_former_member_by_their_pseudonym(moderator_client, moderator, member):
    from forum.models import ModerationEvent
    from moderation import members

    members.add_member_note(moderator=moderator, member=member, text="Watch the links.")
    ModerationEvent.objects.update(member=None, member_pseudonym="former-member-0a1b2c3d")

    response = moderator_client.get(reverse("admin:forum_moderationevent_changelist"))

    assertContains(response, "former member former-member-0a1b2c3d")
