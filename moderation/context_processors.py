"""The queue's size in the site header, for moderators only."""

from django.core.cache import cache
from django.utils.functional import cached_property

from .queue import waiting_posts

QUEUE_COUNT_KEY = "moderation:queue-count"
# A count a little behind is fine in a header; the queue itself is always current.
QUEUE_COUNT_SECONDS = 60


def queue_count():
    """How many posts wait for a decision, counted at most once a minute for all
    moderators (the shared cache; counted afresh when it is away)."""
    count = cache.get(QUEUE_COUNT_KEY)
    if count is None:
        count = waiting_posts().count()
        cache.set(QUEUE_COUNT_KEY, count, QUEUE_COUNT_SECONDS)
    return count


class ModerationQueue:
    """Counted only if a template asks, and only for a moderator: members and
    visitors cost no query (is_staff is read from the user already loaded)."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def count(self):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return None
        if not user.is_moderator():
            return None
        return queue_count()


def moderation_queue(request):
    return {"moderation_queue": ModerationQueue(request)}
