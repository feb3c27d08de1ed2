"""
What keeps the forum safe while members write: the emergency message, the warning
about personal data, how often a member may post, links from members still under
review, the honeypot, and double submits. `submit_question` and `submit_reply` run
every check and post in one transaction.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q

from markup.render import render_markdown

from . import drafts, risk, services
from .models import Post

HOUR = timedelta(hours=1)
# A second identical submit within this time is taken for a double click or a resent
# form, not a new post.
DUPLICATE_WINDOW = timedelta(minutes=10)

_CANT = r"(?:can[’']?t|cannot|can\s+not|unable\s+to|could\s*n[’']?t)"
EMERGENCY_PATTERNS = [
    re.compile(rf"\b{pattern}\b", re.IGNORECASE)
    for pattern in (
        r"chest\s+pains?",
        r"pains?\s+in\s+my\s+chest",
        rf"{_CANT}\s+(?:breathe|breath|get\s+my\s+breath|swallow)",
        r"(?:struggling|difficulty|trouble|hard)\s+(?:to\s+)?(?:breathe|breathing|swallow|swallowing)",
        r"suicid(?:e|al)",
        r"kill(?:ing)?\s+myself",
        r"end(?:ing)?\s+my\s+(?:own\s+)?life",
        r"want\s+to\s+die",
        r"overdos(?:e|ed|ing)",
        r"(?:took|taken|swallowed)\s+too\s+many\s+(?:pills|tablets)",
        r"(?:severe|heavy)\s+bleeding|bleeding\s+(?:heavily|badly)",
        r"face\s+(?:is\s+)?droop(?:s|ing|y)?",
        r"slurred\s+speech",
        r"having\s+a\s+stroke",
        # "choking up" is being moved, not an emergency.
        r"chok(?:e|es|ed|ing)(?!\s+up\b)",
    )
]


def mentions_emergency(text):
    """Whether `text` speaks of something that needs urgent help now."""
    return any(pattern.search(text or "") for pattern in EMERGENCY_PATTERNS)


def personal_data_in(text):
    """The personal data `text` holds, in words for its author: "a phone number",
    "an e-mail address", "a street address". Empty if none."""
    return risk.personal_data_names(text)


_LINK = re.compile(r"<a\s", re.IGNORECASE)


def contains_link(body):
    """Whether the rendered text holds a link, bare addresses linkified included."""
    return bool(_LINK.search(render_markdown(body)))


def posting_allowed_at(*, author, kind, now):
    """
    When `author` may post another `kind` ("question" or "reply"), or None if they may
    now. Limits per hour come from ASKWELL_RATE_LIMITS, stricter while their posts are
    reviewed; moderators are not limited.
    """
    if author.is_moderator():
        return None
    limits = settings.ASKWELL_RATE_LIMITS[kind]
    limit = limits["under_review" if services.needs_review(author) else "trusted"]
    if limit <= 0:
        return now + HOUR
    recent = Post.objects.filter(author=author, created_at__gt=now - HOUR)
    opening = Q(topic__opening_post=F("pk"))
    recent = recent.filter(opening) if kind == "question" else recent.exclude(opening)
    # Once the limit-th latest post leaves the hour, one fewer than the limit remain.
    times = recent.order_by("-created_at").values_list("created_at", flat=True)
    oldest_counted = list(times[limit - 1 : limit])
    return oldest_counted[0] + HOUR if oldest_counted else None


def recent_duplicate(*, author, body, now, topic=None, title=None):
    """The post `author` wrote a moment ago with the same text (a reply to `topic`, or
    a question titled `title`), if any."""
    posts = Post.objects.filter(
        author=author, body=body, created_at__gte=now - DUPLICATE_WINDOW
    ).exclude(state=Post.State.REMOVED)
    if topic is not None:
        posts = posts.filter(topic=topic).exclude(topic__opening_post=F("pk"))
    else:
        posts = posts.filter(topic__title=title, topic__opening_post=F("pk"))
    return posts.select_related("topic__category").order_by("created_at", "pk").first()


class PostingRefused(Exception):
    pass


class DuplicateSubmission(PostingRefused):
    def __init__(self, post):
        super().__init__(post)
        self.post = post


class RateLimited(PostingRefused):
    def __init__(self, until):
        super().__init__(until)
        self.until = until


class EmergencyNotAcknowledged(PostingRefused):
    pass


class PersonalDataNotAcknowledged(PostingRefused):
    """The text holds a phone number, an e-mail or a street address, and its author
    has not yet chosen to post it anyway."""


def _check(*, author, kind, text, acknowledged, find_duplicate, now):
    # One submit at a time per member, so that a double click cannot pass the
    # duplicate check twice (PostgreSQL; SQLite writes one at a time anyway). The
    # duplicate is looked for only once the lock is held.
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    duplicate = find_duplicate()
    if duplicate is not None:
        raise DuplicateSubmission(duplicate)
    until = posting_allowed_at(author=author, kind=kind, now=now)
    if until is not None:
        raise RateLimited(until)
    if mentions_emergency(text) and not acknowledged:
        raise EmergencyNotAcknowledged
    if personal_data_in(text) and not acknowledged:
        raise PersonalDataNotAcknowledged


@transaction.atomic
def submit_question(*, author, category, title, body, article=None, acknowledged=False, now):
    """
    Ask a question after the checks a member's submit goes through, and clear their
    question draft. Raises DuplicateSubmission, RateLimited, EmergencyNotAcknowledged
    or PersonalDataNotAcknowledged (nothing is written then). Returns the topic.
    """
    _check(
        author=author,
        kind="question",
        text=f"{title}\n{body}",
        acknowledged=acknowledged,
        find_duplicate=lambda: recent_duplicate(author=author, title=title, body=body, now=now),
        now=now,
    )
    topic = services.ask_question(
        author=author, category=category, title=title, body=body, article=article
    )
    drafts.discard_draft(author=author)
    return topic


@transaction.atomic
def submit_reply(*, author, topic, body, acknowledged=False, now):
    """Reply to a question after the same checks, and clear the reply draft. Returns
    the post."""
    _check(
        author=author,
        kind="reply",
        text=body,
        acknowledged=acknowledged,
        find_duplicate=lambda: recent_duplicate(author=author, topic=topic, body=body, now=now),
        now=now,
    )
    post = services.reply_to_topic(author=author, topic=topic, body=body)
    drafts.discard_draft(author=author, topic=topic)
    return post
