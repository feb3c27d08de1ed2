"""
What keeps the forum safe while members write: the emergency message, the warning
about personal data, how often a member may post, links from members still under
review, and double submits. forum.asking runs these checks before it posts.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from markup.render import render_markdown

from . import risk
from .errors import Refused
from .models import Post
from .risk import mentions_emergency
from .standing import needs_review

__all__ = ["mentions_emergency"]

HOUR = timedelta(hours=1)
# A second identical submit within this time is taken for a double click or a resent
# form, not a new post.
DUPLICATE_WINDOW = timedelta(minutes=10)


def personal_data_in(text):
    """The personal data `text` holds, in words for its author: "a phone number",
    "an e-mail address", "a street address". Empty if none."""
    return risk.personal_data_names(text)


# The links in the pipeline's own output: its <a> tags are well formed.
_LINK = re.compile(r"<a(?:\s[^>]*)?>", re.IGNORECASE)
_HREF = re.compile(r'\shref="([^"]*)"')


def links_in(body):
    """Where the rendered text's links lead (bare addresses linkified included); a link
    without a target counts as one to ""."""
    return {
        href[1] if (href := _HREF.search(tag[0])) else ""
        for tag in _LINK.finditer(render_markdown(body))
    }


def contains_link(body):
    """Whether the rendered text holds a link, bare addresses linkified included."""
    return bool(links_in(body))


def posting_allowed_at(*, author, kind, now):
    """
    When `author` may post another `kind` ("question" or "reply"), or None if they may
    now. Limits per hour come from ASKWELL_RATE_LIMITS, stricter while their posts are
    reviewed; moderators are not limited.
    """
    if author.is_moderator():
        return None
    limits = settings.ASKWELL_RATE_LIMITS[kind]
    limit = limits["under_review" if needs_review(author) else "trusted"]
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


class DuplicateSubmission(Refused):
    """The member sent this post a moment ago: `post` is the one already made."""

    def __init__(self, post):
        super().__init__(_("You had already posted this; here it is."), code="duplicate")
        self.post = post


class RateLimited(Refused):
    """The member has posted as often as the forum allows in an hour, until `until`."""

    def __init__(self, until):
        super().__init__(
            _("You have posted as often as the forum allows in an hour."), code="rate_limited"
        )
        self.until = until


class EmergencyNotAcknowledged(Refused):
    """The text speaks of an emergency; its author has not yet seen where to get help
    and chosen to post anyway."""

    def __init__(self):
        super().__init__(_("Please read how to get urgent help first."), code="emergency")


class PersonalDataNotAcknowledged(Refused):
    """The text holds a phone number, an e-mail or a street address, and its author
    has not yet chosen to post it anyway."""

    def __init__(self):
        super().__init__(
            _("Please check the personal details in your post first."), code="personal_data"
        )


def check_submission(*, author, kind, text, acknowledged, find_duplicate, now):
    """
    Every check a member's submit goes through, in the caller's transaction: a double
    submit, the hourly limit, and the emergency and personal-data notices. Raises one of
    the refusals above.

    One submit at a time per member, so that a double click cannot pass the duplicate
    check twice (PostgreSQL; SQLite writes one at a time anyway): the member's row is
    locked before the duplicate is looked for.
    """
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
