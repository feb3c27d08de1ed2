"""
Notifications in the site: made once everyone may see a post, for its followers and
the members it mentions, and for its author when a moderator publishes it; listed to
each member, newest first a page at a time, as long as they may still see the post;
marked read when opened.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from articles.generations import bump, kept

from ..models import Notification, Post, post_visibility
from ..pagecache import FORUM
from .mentions import mentioned_members

# The token of every member's inbox at once (notifications purged or erased), beside
# each member's own (f"inbox:{pk}").
INBOXES = "inboxes"
# The longest a member's unread count is kept, whatever else is missed.
UNREAD_SECONDS = 5 * 60


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


def inbox_changed(*member_pks):
    """What the members `member_pks` have in their inbox changed: their unread counts
    are counted afresh."""
    bump(*(f"inbox:{pk}" for pk in member_pks))


def unread_count(user, *, at_most):
    """
    How many of `user`'s notifications are unread and still theirs to see, up to
    `at_most`, for the header of every page: counted once and kept in the cache
    under the tokens of what the count depends on (their inbox, inbox_changed;
    anything readers see anywhere in the forum, forum.pagecache.topic_changed), and
    for UNREAD_SECONDS at most. Counted each time while the cache fails.
    """
    return kept(
        f"unread count:{user.pk}:{user.is_moderator()}:{at_most}",
        lambda: visible_notifications(user).filter(read_at__isnull=True)[:at_most].count(),
        tokens=unread_count_tokens(user),
        seconds=UNREAD_SECONDS,
    )


def unread_count_tokens(user):
    """The generation tokens `unread_count` reads for `user`."""
    return [FORUM, INBOXES, f"inbox:{user.pk}"]


@dataclass(frozen=True)
class NotificationPage:
    """One page of a member's notifications, newest first, and the ids to ask for the
    pages either side of it (None where there is none)."""

    notifications: list
    newer_than: int | None
    older_than: int | None


def notification_page(member, *, before=None, after=None, size):
    """
    The page of `member`'s notifications older than id `before` (the first page
    without it), or newer than id `after`: keyset pagination on the id, which grows
    with time, so that a page deep in a long list costs what the first does (no
    OFFSET: the database reads `size + 1` rows from the inbox's index, wherever they
    are). A cursor that finds nothing gives the first page.
    """
    visible = visible_notifications(member).select_related("post__author", "post__topic__category")
    if after is not None:
        rows = list(visible.filter(pk__gt=after).order_by("pk")[: size + 1])
        if rows:
            has_newer = len(rows) > size
            rows = rows[:size][::-1]
            return NotificationPage(rows, rows[0].pk if has_newer else None, rows[-1].pk)
    elif before is not None:
        rows = list(visible.filter(pk__lt=before).order_by("-pk")[: size + 1])
        if rows:
            has_older = len(rows) > size
            rows = rows[:size]
            return NotificationPage(rows, rows[0].pk, rows[-1].pk if has_older else None)
    rows = list(visible.order_by("-pk")[: size + 1])
    has_older = len(rows) > size
    rows = rows[:size]
    return NotificationPage(rows, None, rows[-1].pk if has_older else None)


def _followers(post):
    """The members following what `post` adds to, and the reason they are told."""
    User = get_user_model()
    if post.is_opening:
        members = User.objects.filter(category_subscriptions__category_id=post.topic.category_id)
        return members, Notification.Reason.QUESTION
    members = User.objects.filter(topic_subscriptions__topic_id=post.topic_id)
    return members, Notification.Reason.REPLY


def _recipients(post):
    """{member: reason} for everyone a published `post` tells, each once, by the reason
    that concerns them most: mentioned, then a reply to their own question, then what
    they follow. Not its author, nor inactive accounts."""
    members, reason = _followers(post)
    asker_id = None if post.is_opening else post.topic.opening_post.author_id
    told = {}
    for member in members.filter(is_active=True).exclude(pk=post.author_id).distinct():
        told[member] = Notification.Reason.YOUR_QUESTION if member.pk == asker_id else reason
    for member in mentioned_members(post):
        told[member] = Notification.Reason.MENTION
    return told


def _immediate(post, members):
    """The notifications of `post` to `members` still to be e-mailed at once."""
    return list(
        Notification.objects.filter(
            post=post,
            emailed_at__isnull=True,
            recipient__in=[member.pk for member in members],
            recipient__email_notifications=get_user_model().EmailNotifications.IMMEDIATE,
        )
    )


def _notify(post, told):
    """Write the notifications `told` ({member: reason}) of `post`, to those who may see
    it now, skipping any member told of it already. Returns those still to be e-mailed
    at once."""
    members = list(told)
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
            Notification(recipient=member, post=post, reason=told[member], created_at=now)
            for member in members
        ],
        ignore_conflicts=True,
    )
    inbox_changed(*(member.pk for member in members))
    return _immediate(post, members)


def _published(post_id):
    post = Post.objects.select_related("topic__opening_post").filter(pk=post_id).first()
    if post is None or post.state != Post.State.APPROVED:
        return None
    return post


@transaction.atomic
def create_notifications(*, post_id):
    """
    Notify the members a post that has become visible to all concerns: the followers
    of its question for a reply (its asker told "a reply to your question"), of its
    category for a new question, and the members it mentions (at most
    mentions.MAX_MENTIONS_NOTIFIED). Not its author, not inactive accounts, and not
    anyone who may not see the post now (it is checked again here, when the task runs,
    as it may have been hidden since). One notification per member per post: running
    this again adds nothing.

    Returns the notifications of this post still to be e-mailed at once.
    """
    post = _published(post_id)
    if post is None:
        return []
    return _notify(post, _recipients(post))


@transaction.atomic
def create_mention_notifications(*, post_id):
    """
    After a published post is edited: tell the members it now mentions and who were
    not told of it yet (not its followers: those who followed since were not waiting
    for it). Returns the notifications still to be e-mailed at once.
    """
    post = _published(post_id)
    if post is None:
        return []
    return _notify(post, dict.fromkeys(mentioned_members(post), Notification.Reason.MENTION))


@transaction.atomic
def create_publication_notice(*, post_id):
    """
    Tell the author of a post a moderator has just published that it is published.
    Nothing if it is no longer published when the task runs, if the author's account
    is closed, or if they were told already. Returns the notices still to be e-mailed
    at once (none or one).
    """
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None or post.state != Post.State.APPROVED or post.author is None:
        return []
    if not post.author.is_active:
        return []
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=post.author,
                post=post,
                reason=Notification.Reason.PUBLISHED,
                created_at=timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )
    inbox_changed(post.author_id)
    return _immediate(post, [post.author])


@transaction.atomic
def mark_read(*, member, notification_id):
    """Mark one of `member`'s notifications as read (one of anyone else's is left as
    it is). Returns whether it was unread."""
    inbox_changed(member.pk)
    return bool(
        Notification.objects.filter(
            pk=notification_id, recipient=member, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


@transaction.atomic
def mark_all_read(*, member):
    """Mark all of `member`'s notifications as read. Returns how many were unread."""
    inbox_changed(member.pk)
    return Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def save_notification_settings(
    *, member, email_notifications, email_excerpts, follow_replied_questions
):
    """Save how `member` wants to be told: e-mail at once, daily or never; with
    excerpts or not; following the questions they reply to or not. Returns the
    member."""
    member.email_notifications = email_notifications
    member.email_excerpts = email_excerpts
    member.follow_replied_questions = follow_replied_questions
    member.save(update_fields=["email_notifications", "email_excerpts", "follow_replied_questions"])
    return member


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
    bump(INBOXES)
    return deleted
