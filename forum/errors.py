"""The one way the forum's services say no."""

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """
    An action that does not apply, or that this person may not take, as things are
    now: approving a post that is no longer waiting, locking a locked question,
    marking one's own reply as helpful. Nothing was changed. `message` is a sentence
    for the person who asked (views and the admin show it as it is); `code` names the
    case for the code that handles it.

    A PermissionDenied, so one that no caller handles still ends in a 403, never a 500.
    """

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)
