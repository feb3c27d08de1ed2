"""What the admin's front page shows moderators: the queue's size and oldest wait,
open flags, and the last week's decisions."""

import datetime

from django.db.models import Count, Min
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.timesince import timesince

from forum.models import Flag, ModerationEvent

from .queue import first_open_flag_at, waiting_posts


def moderation_metrics(now=None):
    """In a fixed number of queries: how many posts wait for a decision and since
    when, the open flags, and the decisions moderators made in the last seven days."""
    now = now or timezone.now()
    # A post waits from its first open flag if it has one, from when it was written
    # otherwise (as the queue counts it).
    waiting = (
        waiting_posts()
        .annotate(waiting_since=Coalesce(first_open_flag_at(), "created_at"))
        .aggregate(count=Count("pk"), oldest=Min("waiting_since"))
    )
    oldest = waiting["oldest"]
    return {
        "waiting": waiting["count"],
        "oldest_age": timesince(oldest, now, depth=2) if oldest else None,
        "oldest_since": oldest,
        "open_flags": Flag.objects.filter(resolved_at__isnull=True).count(),
        "recent_decisions": ModerationEvent.objects.filter(
            moderator__isnull=False, created_at__gte=now - datetime.timedelta(days=7)
        ).count(),
    }
