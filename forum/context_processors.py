from django.utils.functional import cached_property

from .notifications.inbox import unread_count

# The header counts unread notifications up to this many and then says "99+": a
# member with thousands does not make every page count them all.
UNREAD_SHOWN = 99


class NotificationInbox:
    """A member's unread count for the page header: counted only if a template asks
    for it, at most once per page, never past UNREAD_SHOWN + 1, and never for
    anonymous visitors."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def unread_count(self):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return unread_count(user, at_most=UNREAD_SHOWN + 1)

    @property
    def unread_label(self):
        """The count as the header shows it: "3", or "99+"."""
        count = self.unread_count
        return f"{UNREAD_SHOWN}+" if count > UNREAD_SHOWN else str(count)


def notifications(request):
    return {"notification_inbox": NotificationInbox(request)}
