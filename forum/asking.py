"""
Asking a question and replying to one: the entry points of the ask and reply forms.
Each runs the checks a member's submit goes through (forum.safety), writes the post
(forum.lifecycle decides whether it waits for review), follows the question for its
asker and clears the member's draft, all in one transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import drafts, lifecycle, safety
from .errors import Refused
from .models import Topic
from .notifications import follows
from .standing import check_may_act


def slug_for(title):
    return slugify(title)[:80].strip("-") or "question"


@transaction.atomic
def ask_question(
    *,
    author,
    category,
    title,
    body,
    article=None,
    anonymous=False,
    acknowledged=False,
    now=None,
):
    """
    Ask a question (topic and opening post), published or waiting for review by the
    author's standing; the asker follows it. With `anonymous`, it and the asker's
    replies in it are shown as "Anonymous member" and kept off their profile.
    Raises Refused (a safety.* refusal for a double submit, the hourly limit or a
    notice not yet acknowledged; nothing is written then). Returns the topic.
    """
    now = now or timezone.now()
    check_may_act(author, doing="post")
    safety.check_submission(
        author=author,
        kind="question",
        text=f"{title}\n{body}",
        acknowledged=acknowledged,
        find_duplicate=lambda: safety.recent_duplicate(
            author=author, title=title, body=body, now=now
        ),
        now=now,
    )
    topic = Topic.objects.create(
        category=category,
        title=title,
        slug=slug_for(title),
        article=article,
        is_anonymous=anonymous,
        created_at=now,
        last_activity_at=now,
    )
    lifecycle.write_post(topic=topic, author=author, body=body, when=now)
    follows.follow_topic(member=author, topic=topic)
    drafts.discard_draft(author=author)
    return topic


def check_may_reply(topic):
    """Refused unless `topic` takes replies: published, and not locked."""
    if not topic.is_published:
        raise Refused(
            _("This question is not published, so it takes no replies."), code="unpublished"
        )
    if topic.is_locked:
        raise Refused(_("This question is locked: no new replies."), code="locked")


@transaction.atomic
def reply(*, author, topic, body, acknowledged=False, now=None):
    """Reply to a published question that is not locked, after the same checks; follow
    it, unless the member turned that off (User.follow_replied_questions); and clear
    the reply draft. Returns the post."""
    # Replies to one question are written one at a time, each dated once it has its
    # turn: the order of their dates is then the order they become visible in, and
    # no reply lands before another already shown (lifecycle.lock_question).
    lifecycle.lock_question(topic)
    now = now or timezone.now()
    check_may_act(author, doing="post")
    check_may_reply(topic)
    safety.check_submission(
        author=author,
        kind="reply",
        text=body,
        acknowledged=acknowledged,
        find_duplicate=lambda: safety.recent_duplicate(
            author=author, topic=topic, body=body, now=now
        ),
        now=now,
    )
    post = lifecycle.write_post(topic=topic, author=author, body=body, when=now)
    if author.follow_replied_questions:
        follows.follow_topic(member=author, topic=topic)
    drafts.discard_draft(author=author, topic=topic)
    return post
