"""
How long a post waits for a moderator, as recent decisions show: what the ask page and
the confirmation after posting tell a member whose post is reviewed first.
"""

import math
import statistics
from datetime import timedelta

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Post

# The median over this many of the latest decisions (approved or rejected by a
# moderator); with fewer than MIN_DECISIONS the forum says what it always said.
RECENT_DECISIONS = 50
MIN_DECISIONS = 5
# Worked out at most this often: a page view does not sort the posts table.
CACHE_KEY = "forum:review-wait"
CACHE_SECONDS = 15 * 60


def typical_review_wait():
    """The median time from writing to a moderator's decision over the latest
    RECENT_DECISIONS decided posts, or None when fewer than MIN_DECISIONS were
    decided."""
    decided = (
        Post.objects.filter(reviewed_at__isnull=False, reviewed_by__isnull=False)
        .order_by("-reviewed_at")
        .values_list("created_at", "reviewed_at")[:RECENT_DECISIONS]
    )
    waits = [
        (reviewed - created).total_seconds() for created, reviewed in decided if reviewed >= created
    ]
    if len(waits) < MIN_DECISIONS:
        return None
    return timedelta(seconds=statistics.median(waits))


def describe_wait(wait):
    """`wait` as the end of "…usually …": "within an hour", "within about 5 hours",
    "within about 2 days"; "within a day" when it is not known (None)."""
    if wait is None:
        return _("within a day")
    hours = math.ceil(wait / timedelta(hours=1))
    if hours <= 1:
        return _("within an hour")
    if hours < 24:
        return ngettext("within about %(count)d hour", "within about %(count)d hours", hours) % {
            "count": hours
        }
    days = math.ceil(wait / timedelta(days=1))
    if days == 1:
        return _("within a day")
    return ngettext("within about %(count)d day", "within about %(count)d days", days) % {
        "count": days
    }


def review_wait_text():
    """describe_wait(typical_review_wait()), kept for CACHE_SECONDS (in seconds, so
    that each reader gets it in their own language)."""
    seconds = cache.get(CACHE_KEY)
    if seconds is None:
        wait = typical_review_wait()
        seconds = -1 if wait is None else wait.total_seconds()
        cache.set(CACHE_KEY, seconds, CACHE_SECONDS)
    return describe_wait(None if seconds < 0 else timedelta(seconds=seconds))
