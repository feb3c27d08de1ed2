"""What the moderation tests share: members' flags; a post's state and flags as the
database has them now; the admin's messages and lists; the review queue's pages, the
questions' list and a member's page."""

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from forum import flags
from forum.models import Flag, ModerationEvent, Post
from forum.tests.factories import make_trusted_member


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def flag(post, *, reason="spam", detail="", when=None, flagger=None):
    """A member's flag on `post` (a new established member, whose flag counts towards
    hiding, unless `flagger`), raised `when` if given."""
    made = flags.flag_post(
        post=post, flagger=flagger or make_trusted_member(), reason=reason, detail=detail
    )
    if when:
        Flag.objects.filter(pk=made.pk).update(created_at=when)
    return made


def hide(post):
    """`post` hidden by three members' flags."""
    for _ in range(3):
        flag(post)
    return Post.objects.get(pk=post.pk)


def fresh(obj):
    """`obj` as the database has it now."""
    return type(obj).objects.get(pk=obj.pk)


def events(action):
    """The moderation log's entries for `action`."""
    return list(ModerationEvent.objects.filter(action=action))


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


def state_of(post):
    return Post.objects.get(pk=post.pk).state


def open_flag_count(post):
    return Flag.objects.filter(post=post, resolved_at__isnull=True).count()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def listed(response):
    """The objects on an admin list page."""
    return list(response.context["cl"].result_list)


# The review queue.


def queue_url():
    return reverse("admin:forum_pendingpost_changelist")


def review_url(post):
    return reverse("admin:forum_pendingpost_change", args=[post.pk])


def decide(client, post, decision, **data):
    """One decision on `post`, from its page in the queue."""
    return client.post(review_url(post), {"decision": decision, **data})


def act(client, action, posts, **extra):
    """A decision on several posts, from the queue's list."""
    return client.post(
        queue_url(), {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in posts], **extra}
    )


def refused(response, role):
    """Staff without the moderation permission are refused; everyone else is sent to
    sign in."""
    if role == "staff_member":
        return response.status_code == 403
    return response.status_code == 302 and "/login/" in response.url


# Questions in the admin.

TOPICS = "/admin/forum/topic/"


def run(client, action, *topics, **data):
    """Choose `action` for `topics` in the questions' list, as the list's form sends it."""
    return client.post(
        TOPICS,
        {"action": action, "index": "0", ACTION_CHECKBOX_NAME: [t.pk for t in topics], **data},
    )


def apply(client, action, *topics, **data):
    """Confirm `action` on its intermediate page."""
    return client.post(
        TOPICS,
        {"action": action, "apply": "1", ACTION_CHECKBOX_NAME: [t.pk for t in topics], **data},
    )


def run_on_page(client, action, topic):
    """Run `action` from the question's own page."""
    return client.post(
        f"{TOPICS}{topic.pk}/change/",
        {
            "CHANGE_FORM-action": action,
            "CHANGE_FORM-select_across": "0",
            "index": "0",
            ACTION_CHECKBOX_NAME: topic.pk,
        },
    )


# Member standing in the admin.

MEMBER_LIST_URL = reverse("admin:accounts_member_changelist")


def member_url(user, action="change"):
    return reverse(f"admin:accounts_member_{action}", args=[user.pk])
