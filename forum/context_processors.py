from django.utils.functional import cached_property

from .notifications.inbox import unread_count


class NotificationInbox:
    """A member's unread count for the page header: counted only if a template asks
    for it, at most once per page, and never for anonymous visitors."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def unread_count(self):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return unread_count(user)


def notifications(request):
    return {"notification_inbox": NotificationInbox(request)}
