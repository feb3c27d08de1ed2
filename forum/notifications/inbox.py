"""
Notifications in the site: made for the followers of a post once everyone may see it,
listed to each member as long as they may still see the post, marked read.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from ..models import Notification, Post, post_visibility


def visible_notifications(user):
    """
    `user`'s notifications whose post they may still see, through the one visibility
    rule (the post's and its question's). A post its author removed leaves only a
    placeholder, so its notification goes too.
    """
    notifications = Notification.objects.filter(recipient=user).exclude(
        post__state=Post.State.REMOVED
    )
    # The rule applied through joins from the member's own rows (not as a subquery of
    # every visible post), so the cost follows the member's inbox, not the forum.
    visible = post_visibility(user, prefix="post__")
    return notifications if visible is None else notifications.filter(visible)


def _followers(post):
    """The members following what `post` adds to, and the reason they are told."""
    User = get_user_model()
    if post.is_opening:
        members = User.objects.filter(category_subscriptions__category_id=post.topic.category_id)
        return members, Notification.Reason.QUESTION
    members = User.objects.filter(topic_subscriptions__topic_id=post.topic_id)
    return members, Notification.Reason.REPLY


@transaction.atomic
def create_notifications(*, post_id):
    """
    Notify the followers of a post that has become visible to all: the followers of
    its question for a reply, of its category for a new question. Not its author,
    not inactive accounts, and not anyone who may not see the post now (it is checked
    again here, when the task runs, as it may have been hidden since). One
    notification per member per post: running this again adds nothing.

    Returns the notifications of this post still to be e-mailed at once.
    """
    post = Post.objects.select_related("topic").filter(pk=post_id).first()
    if post is None or post.state != Post.State.APPROVED:
        return []
    members, reason = _followers(post)
    members = list(members.filter(is_active=True).exclude(pk=post.author_id).distinct())
    # A post everyone may see is seen by every member; otherwise (its question hidden
    # since, say) ask the rule member by member.
    if not Post.objects.visible_to(AnonymousUser()).filter(pk=post.pk).exists():
        members = [
            member
            for member in members
            if Post.objects.visible_to(member).filter(pk=post.pk).exists()
        ]
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(recipient=member, post=post, reason=reason, created_at=now)
            for member in members
        ],
        ignore_conflicts=True,
    )
    return list(
        Notification.objects.filter(
            post=post,
            emailed_at__isnull=True,
            recipient__in=[member.pk for member in members],
            recipient__email_notifications=get_user_model().EmailNotifications.IMMEDIATE,
        )
    )


@transaction.atomic
def mark_all_read(*, member):
    """Mark all of `member`'s notifications as read. Returns how many were unread."""
    return Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_email_notifications(*, member, choice):
    """Save how `member` wants to be e-mailed of notifications. Returns the member."""
    member.email_notifications = choice
    member.save(update_fields=["email_notifications"])
    return member


def purge_notifications(*, now=None):
    """Delete notifications older than ASKWELL_NOTIFICATION_RETENTION_DAYS, read or
    not. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ASKWELL_NOTIFICATION_RETENTION_DAYS)
    deleted, _ = Notification.objects.filter(created_at__lt=cutoff).delete()
    return deleted
