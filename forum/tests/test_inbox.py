"""
Who is told of a new post (forum.notifications.inbox): the followers of its question
or category who may see it, once, never its author. (The pages: test_views_notifications.py;
e-mail: test_notification_email.py.)
"""

import pytest

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.models import Notification, Post
from forum.notifications import follows, inbox
from forum.notifications.tasks import notify_followers
from forum.tests.factories import make_question, make_reply


@pytest.fixture
def follower_emails():
    """Followers here are told in the site only."""
    return "never"


def notified(post):
    return set(Notification.objects.filter(post=post).values_list("recipient__username", flat=True))


# Who is told ------------------------------------------------------------------------


def test_followers_of_a_question_are_told_of_a_new_reply(followed, follower):
    reply = make_reply(topic=followed)

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == {"follower_fay"}
    assert Notification.objects.get(post=reply).reason == Notification.Reason.REPLY


def test_followers_of_a_category_are_told_of_a_new_question(follower, category):
    follows.follow_category(member=follower, category=category)
    topic = make_question(category=category)

    inbox.create_notifications(post_id=topic.opening_post_id)

    assert notified(topic.opening_post) == {"follower_fay"}
    assert Notification.objects.get().reason == Notification.Reason.QUESTION


def test_followers_of_another_category_are_not_told_of_a_new_question(follower, category):
    other = type(category).objects.exclude(pk=category.pk).first()
    follows.follow_category(member=follower, category=other)
    topic = make_question(category=category)

    inbox.create_notifications(post_id=topic.opening_post_id)

    assert notified(topic.opening_post) == set()


def test_the_author_of_a_reply_is_not_told_of_it(followed, follower):
    reply = make_reply(topic=followed, author=follower)

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == set()


def test_a_member_who_stopped_following_is_not_told(followed, follower):
    follows.unfollow_topic(member=follower, topic=followed)
    reply = make_reply(topic=followed)

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == set()


def test_an_inactive_account_is_not_told(followed, follower):
    follower.is_active = False
    follower.save()
    reply = make_reply(topic=followed)

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == set()


@pytest.mark.parametrize(
    "state", [Post.State.PENDING, Post.State.HIDDEN, Post.State.REMOVED, Post.State.REJECTED]
)
def test_no_one_is_told_of_a_post_that_is_not_visible_when_the_task_runs(followed, follower, state):
    reply = make_reply(topic=followed)
    Post.objects.filter(pk=reply.pk).update(state=state, rejection_reason="Not for this forum.")

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == set()


def test_a_follower_is_not_told_of_a_reply_in_someone_elses_question_hidden_since(member, follower):
    topic = make_question(author=member)
    follows.follow_topic(member=member, topic=topic)
    follows.follow_topic(member=follower, topic=topic)
    Post.objects.filter(pk=topic.opening_post_id).update(state=Post.State.HIDDEN)
    reply = make_reply(topic=topic)

    inbox.create_notifications(post_id=reply.pk)

    # The asker still sees their own question; the other follower does not.
    assert notified(reply) == {"patient_pat"}


def test_a_member_is_told_once_of_a_post_however_often_the_task_runs(followed, follower):
    reply = make_reply(topic=followed)

    inbox.create_notifications(post_id=reply.pk)
    inbox.create_notifications(post_id=reply.pk)
    notify_followers.call(reply.pk)

    assert Notification.objects.filter(post=reply, recipient=follower).count() == 1


def test_an_unknown_post_notifies_no_one(db):
    assert inbox.create_notifications(post_id=999999) == []
    assert not Notification.objects.exists()


def test_a_reply_published_at_once_notifies_the_followers(
    followed, follower, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    make_reply(topic=followed, author=author)
    make_reply(topic=followed, author=author)  # two approved posts: trusted

    with django_capture_on_commit_callbacks(execute=True):
        reply = asking.reply(
            author=author, topic=followed, body="Rest helped me most in the first weeks."
        )

    assert notified(reply) == {"follower_fay"}
