"""
Following questions and categories, and telling followers of new posts: in the site
(Notification rows) and by e-mail, at once or in a daily digest, per each member's
setting. E-mail is sent by tasks (forum/tasks.py) and by `manage.py send_digests`,
never in a request.
"""

import email.policy
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import (
    CategorySubscription,
    Notification,
    Post,
    Topic,
    TopicSubscription,
    visibility_filter,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "askwell.forum.notifications.unsubscribe"
# A digest lists at most this many posts; the rest are a link to the notification list.
DIGEST_MAX_ITEMS = 50


# Following --------------------------------------------------------------------------


@transaction.atomic
def follow_topic(*, member, topic):
    """Have `member` told of new replies to `topic`. Following twice changes nothing.
    Returns the subscription."""
    subscription, _ = TopicSubscription.objects.get_or_create(member=member, topic=topic)
    return subscription


@transaction.atomic
def unfollow_topic(*, member, topic):
    """Stop telling `member` of new replies to `topic`. Returns the topic."""
    TopicSubscription.objects.filter(member=member, topic=topic).delete()
    return topic


@transaction.atomic
def follow_category(*, member, category):
    """Have `member` told of new questions in `category`. Returns the subscription."""
    subscription, _ = CategorySubscription.objects.get_or_create(member=member, category=category)
    return subscription


@transaction.atomic
def unfollow_category(*, member, category):
    """Stop telling `member` of new questions in `category`. Returns the category."""
    CategorySubscription.objects.filter(member=member, category=category).delete()
    return category


def is_following_topic(user, topic):
    return (
        user.is_authenticated
        and TopicSubscription.objects.filter(member=user, topic=topic).exists()
    )


def is_following_category(user, category):
    return (
        user.is_authenticated
        and CategorySubscription.objects.filter(member=user, category=category).exists()
    )


# Who may see a notification ---------------------------------------------------------


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
    # every visible question), so the cost follows the member's inbox, not the forum.
    post_rule = visibility_filter(user, prefix="post__")
    if post_rule is not None:
        notifications = notifications.filter(post_rule)
    topic_rule = visibility_filter(user, prefix="post__topic__opening_post__")
    if topic_rule is not None:
        notifications = notifications.filter(topic_rule).exclude(
            post__topic__opening_post__state=Post.State.REMOVED, post__topic__reply_count=0
        )
    return notifications


# Notifying --------------------------------------------------------------------------


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
    # A question everyone may open is open to every member; otherwise (its opening
    # post hidden since, say) ask the rule member by member.
    if not Topic.objects.visible_to(AnonymousUser()).filter(pk=post.topic_id).exists():
        members = [
            member
            for member in members
            if Topic.objects.visible_to(member).filter(pk=post.topic_id).exists()
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


# Unsubscribing ----------------------------------------------------------------------


def make_unsubscribe_token(member):
    """A token for a one-click unsubscribe link: the same in every e-mail to a member.
    It does not expire (an old e-mail's link should still work), and all it can do is
    stop e-mail to that member."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(member.pk)


def member_from_unsubscribe_token(token):
    """The active member a token was made for, or None if it is not one of ours."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


@transaction.atomic
def unsubscribe(*, member):
    """Stop all notification e-mail to `member` (they are still told in the site)."""
    return set_email_notifications(member=member, choice=member.EmailNotifications.NEVER)


# E-mail -----------------------------------------------------------------------------


def _verified_address(member):
    address = EmailAddress.objects.filter(user=member, verified=True, primary=True).first()
    if address is None:
        address = EmailAddress.objects.filter(user=member, verified=True).first()
    return address.email if address else None


def _email_context(member):
    token = make_unsubscribe_token(member)
    return {
        "member": member,
        "settings_url": settings.SITE_URL + reverse("notification-settings"),
        "notifications_url": settings.SITE_URL + reverse("forum:notifications"),
        "unsubscribe_url": settings.SITE_URL + reverse("forum:unsubscribe", args=[token]),
    }


def _item(notification):
    # Imported here: the views import this module.
    from .views.browse import post_url

    post = notification.post
    return {
        "notification": notification,
        "post": post,
        "topic": post.topic,
        "url": settings.SITE_URL + post_url(notification.recipient, post),
    }


class NotificationEmail(EmailMessage):
    def message(self, *, policy=email.policy.default):
        # Python folds headers at 78 characters and, as a URL has no space to fold at,
        # would turn the List-Unsubscribe link into RFC 2047 encoded words, which mail
        # programs do not read there. Fold at RFC 5322's own limit instead.
        return super().message(policy=policy.clone(max_line_length=998))


def _message(*, member, address, template, context):
    """
    One e-mail to one member. It names the question and links to the post but quotes
    none of it: members write about their health, and e-mail is read on lock screens,
    shared family computers and by mail providers. The post itself stays on Askwell.
    """
    subject = render_to_string(f"forum/email/{template}_subject.txt", context)
    return NotificationEmail(
        subject=" ".join(subject.split()),
        body=render_to_string(f"forum/email/{template}_message.txt", context),
        to=[address],
        # RFC 2369 and RFC 8058: mail programs offer an "Unsubscribe" button that
        # POSTs "List-Unsubscribe=One-Click" to the link.
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def email_notification(*, notification_id):
    """
    E-mail one notification at once, if its member still wants that, has a verified
    address and may still see the post. Never twice: the row is locked and marked in
    the transaction that sends it, and a failure to send leaves it unmarked.
    Returns the notification, or None if there is none.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "post__topic__category")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return notification
        member = notification.recipient
        if (
            not member.is_active
            or member.email_notifications != member.EmailNotifications.IMMEDIATE
            or not visible_notifications(member).filter(pk=notification.pk).exists()
        ):
            return notification
        address = _verified_address(member)
        if address is None:
            return notification
        context = {**_email_context(member), **_item(notification)}
        _message(member=member, address=address, template="notification", context=context).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return notification


def send_digest(*, member):
    """
    E-mail `member` one digest of their notifications not yet e-mailed and still
    visible to them, then mark those as e-mailed. Returns how many it listed (0: no
    e-mail sent).
    """
    with transaction.atomic():
        due = list(
            visible_notifications(member)
            .filter(emailed_at__isnull=True)
            .select_for_update(of=("self",))
            .select_related("recipient", "post__topic__category")
            .order_by("created_at", "pk")
        )
        address = _verified_address(member)
        if not due or address is None:
            return 0
        items = [_item(notification) for notification in due[:DIGEST_MAX_ITEMS]]
        context = {
            **_email_context(member),
            "items": items,
            "count": len(due),
            "more": len(due) - len(items),
        }
        _message(
            member=member, address=address, template="notification_digest", context=context
        ).send()
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(emailed_at=timezone.now())
        return len(due)


def send_digests():
    """
    The daily digest for every active member who asked for one: one e-mail each.
    Safe to run again: what was sent is marked, and a failure for one member is
    logged and leaves the others' digests going. Returns (members e-mailed, failures).
    """
    User = get_user_model()
    members = User.objects.filter(
        is_active=True,
        email_notifications=User.EmailNotifications.DAILY,
        notifications__emailed_at__isnull=True,
    ).distinct()
    sent = failed = 0
    for member in members.iterator():
        try:
            if send_digest(member=member):
                sent += 1
        except Exception:
            logger.exception("Could not send the notification digest to member %s", member.pk)
            failed += 1
    return sent, failed
