"""
A member's signed-in sessions, as allauth.usersessions keeps them (one UserSession per
browser: device, address, when last used), listed at /accounts/sessions/ where a member
signs out everywhere else.

allauth notes a session when a member signs in. Its own middleware would also write
the last use on every request; `SessionActivityMiddleware` writes it at most every
ASKWELL_SESSION_ACTIVITY_SECONDS instead (a sign-in counts as a use).
"""

import logging
import time

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)

# When this session's use was last written down (a Unix time, in the session).
SEEN_KEY = "askwell_session_seen_at"


def mark_seen(request):
    """Remember in the session that its use has just been written down."""
    request.session[SEEN_KEY] = int(time.time())


def note_activity(request):
    """Write down the device and the time of this request for the member's sessions
    page, if the last time is older than ASKWELL_SESSION_ACTIVITY_SECONDS."""
    seen = request.session.get(SEEN_KEY)
    if seen is not None and time.time() - seen < settings.ASKWELL_SESSION_ACTIVITY_SECONDS:
        return
    try:
        UserSession.objects.create_from_request(request)
    except DatabaseError:
        # The devices list may lag; the page the member asked for must not fail.
        logger.warning("Could not note the use of a session", exc_info=True)
        return
    mark_seen(request)


def end_sessions(*, member):
    """Sign `member` out on every device: each session allauth noted ends. Returns how
    many ended."""
    sessions = list(UserSession.objects.filter(user_id=member.pk))
    for session in sessions:
        session.end()
    return len(sessions)


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.session_key:
            note_activity(request)
        return self.get_response(request)
