"""
Moderators deciding on flagged posts (moderation.posts): restoring a hidden post,
dismissing the flags on a post that stays, or upholding them by rejecting it.
"""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.tests.factories import MemberFactory
from forum.errors import Refused
from forum.models import Flag, ModerationEvent, Notification, Post, Topic
from forum.notifications import follows
from forum.tests.factories import make_reply
from moderation import posts as moderation_posts

from .helpers import flag, hide, state_of

pytestmark = pytest.mark.usefixtures("three_flags_hide")


def reply_count_of(topic):
    return Topic.objects.get(pk=topic.pk).reply_count


def test_restoring_a_hidden_post_publishes_it_again_and_dismisses_its_flags(
    question, reply, moderator
):
    restored = moderation_posts.restore_post(post=hide(reply), moderator=moderator)

    assert restored.state == state_of(reply) == Post.State.APPROVED
    assert reply_count_of(question) == 1
    assert set(Flag.objects.values_list("resolution", "resolved_by")) == {
        ("dismissed", moderator.pk)
    }
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    event = ModerationEvent.objects.first()
    assert (event.action, event.moderator) == ("restore", moderator)


def test_a_restored_post_needs_as_many_new_flags_to_be_hidden_again(reply, moderator):
    moderation_posts.restore_post(post=hide(reply), moderator=moderator)

    flag(reply)
    flag(reply)

    assert state_of(reply) == Post.State.APPROVED


def test_restoring_a_post_that_is_not_hidden_is_refused(reply, moderator):
    flag(reply)

    with pytest.raises(Refused, match="not hidden"):
        moderation_posts.restore_post(post=reply, moderator=moderator)

    assert Flag.objects.get().resolved_at is None
    assert not ModerationEvent.objects.exists()


def test_dismissing_flags_keeps_the_post_published(question, reply, moderator):
    flag(reply)
    flag(reply)

    moderation_posts.dismiss_flags(post=reply, moderator=moderator)

    assert state_of(reply) == Post.State.APPROVED
    assert reply_count_of(question) == 1
    assert list(Flag.objects.values_list("resolution", flat=True)) == ["dismissed"] * 2
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("dismiss_flags", moderator)


def test_dismissing_on_a_hidden_post_is_refused_and_its_flags_stay_open(reply, moderator):
    with pytest.raises(Refused, match="restore it or reject it"):
        moderation_posts.dismiss_flags(post=hide(reply), moderator=moderator)

    assert state_of(reply) == Post.State.HIDDEN
    assert Flag.objects.filter(resolved_at__isnull=True).count() == 3


def test_upholding_flags_keeps_a_hidden_post_unpublished_and_tells_its_author(
    reply, member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.reject_post(
            post=hide(reply), moderator=moderator, reason=" No advertising. "
        )

    reply.refresh_from_db()
    assert (reply.state, reply.rejection_reason, reply.reviewed_by) == (
        Post.State.REJECTED,
        "No advertising.",
        moderator,
    )
    assert list(Flag.objects.values_list("resolution", flat=True)) == ["upheld"] * 3
    event = ModerationEvent.objects.first()
    assert (event.action, event.moderator, event.reason) == ("reject", moderator, "No advertising.")
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert "No advertising." in mail.body


def test_upholding_flags_on_a_published_post_takes_it_out_of_the_counts(question, reply, moderator):
    flag(reply)

    moderation_posts.reject_post(post=reply, moderator=moderator, reason="Not true.")

    assert state_of(reply) == Post.State.REJECTED
    assert reply_count_of(question) == 0


def test_upholding_flags_needs_a_reason(reply, moderator):
    flag(reply)

    with pytest.raises(Refused, match="reason"):
        moderation_posts.reject_post(post=reply, moderator=moderator, reason="  ")

    assert state_of(reply) == Post.State.APPROVED


@pytest.mark.parametrize(
    "decide",
    [
        lambda post, user: moderation_posts.restore_post(post=post, moderator=user),
        lambda post, user: moderation_posts.dismiss_flags(post=post, moderator=user),
        lambda post, user: moderation_posts.reject_post(post=post, moderator=user, reason="No."),
    ],
    ids=["restore", "dismiss", "uphold"],
)
def test_only_moderators_decide_on_flags(reply, other_member, decide):
    post = hide(reply)

    with pytest.raises(PermissionDenied):
        decide(post, other_member)

    assert state_of(reply) == Post.State.HIDDEN
    assert Flag.objects.filter(resolved_at__isnull=True).count() == 3


def test_followers_not_yet_told_of_a_post_are_told_once_it_is_restored(
    question, member, moderator, django_capture_on_commit_callbacks
):
    follower = MemberFactory()
    follows.follow_topic(member=follower, topic=question)
    reply = make_reply(topic=question, author=member, state=Post.State.HIDDEN)

    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.restore_post(post=reply, moderator=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.restore_post(post=hide(reply), moderator=moderator)

    assert list(Notification.objects.values_list("recipient", "post")) == [(follower.pk, reply.pk)]


def test_rejecting_from_the_queue_rejects_a_pending_post(question, moderator, member):
    pending = make_reply(topic=question, author=member, state=Post.State.PENDING)

    rejected = moderation_posts.reject_post(post=pending, moderator=moderator, reason="Off topic.")

    assert rejected.state == state_of(pending) == Post.State.REJECTED
    assert ModerationEvent.objects.get().action == ModerationEvent.Action.REJECT


def test_rejecting_from_the_queue_upholds_the_flags_on_a_hidden_post(reply, moderator):
    rejected = moderation_posts.reject_post(post=hide(reply), moderator=moderator, reason="Spam.")

    assert rejected.state == Post.State.REJECTED
    assert set(Flag.objects.values_list("resolution", flat=True)) == {"upheld"}
