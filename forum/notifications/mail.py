"""
Notification e-mail: one message at once, or a daily digest, per each member's
setting, each with a signed one-click unsubscribe link. Sent by the task worker
(forum.notifications.tasks) and by `manage.py send_digests`, never in a request.
"""

import email.policy
import html
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from accounts import outbox

from ..models import Notification
from .inbox import set_email_notifications, visible_notifications

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "askwell.forum.notifications.unsubscribe"
# A digest lists at most this many posts; the rest are a link to the notification list.
DIGEST_MAX_ITEMS = 50
# How much of a post an e-mail quotes, for members who asked for excerpts.
EXCERPT_LENGTH = 300


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


def excerpt(post):
    """The start of `post`'s text as plain text, for members who asked for excerpts."""
    text = " ".join(html.unescape(strip_tags(post.body_html)).split())
    return Truncator(text).chars(EXCERPT_LENGTH)


def _item(notification):
    post = notification.post
    member = notification.recipient
    return {
        "notification": notification,
        "post": post,
        "topic": post.topic,
        # The post's lasting link, which names nothing: a question's own address holds
        # its title.
        "url": settings.SITE_URL + reverse("forum:post", args=[post.pk]),
        # The question's title and the post's words only for a member who asked for
        # them; otherwise the e-mail says what happened, and who did it.
        "excerpt": excerpt(post) if member.email_excerpts else "",
        "with_excerpts": member.email_excerpts,
    }


class NotificationEmail(EmailMessage):
    def message(self, *, policy=email.policy.default):
        # Python folds headers at 78 characters and, as a URL has no space to fold at,
        # would turn the List-Unsubscribe link into RFC 2047 encoded words, which mail
        # programs do not read there. Fold at RFC 5322's own limit instead.
        return super().message(policy=policy.clone(max_line_length=998))


def _message(*, member, address, template, context):
    """
    One e-mail to one member. It says what happened and who did it ("amelia_r replied
    to your question") and links to the post, but names no question and quotes none of
    it unless the member turned on excerpts: members write about their health, and
    e-mail is read on lock screens, shared family computers and by mail providers.
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
        outbox.send(
            _message(member=member, address=address, template="notification", context=context)
        )
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
        outbox.send(
            _message(
                member=member, address=address, template="notification_digest", context=context
            )
        )
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
