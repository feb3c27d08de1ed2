"""
What a signed-out visitor typed into the ask form, or into a reply box (a member whose
session ended while they wrote), kept in their session while they sign in or sign up
to post it (forum.views.compose). Each draft names the page it goes back to.

It belongs to that visit only. It is kept for LIFETIME_SECONDS, and given to the
member whose sign-in the detour led to (a sign-in that returns to the ask form, after
the password, the authenticator code or the e-mail confirmation); any other sign-in in
that browser throws it away, and signing out ends the session it is in. Once given to
a member, it is shown to that member only.
"""

import time
from urllib.parse import urlsplit

from django.urls import reverse

SESSION_KEY = "forum_ask_draft"

# Long enough to sign up and confirm the e-mail address; short enough that a shared
# computer does not keep a visitor's question for whoever comes next.
LIFETIME_SECONDS = 60 * 60


def keep(session, typed, *, path=None):
    """Keep what a signed-out visitor typed, until they have signed in to post it from
    the page at `path` (the ask form by default)."""
    session[SESSION_KEY] = {"typed": typed, "at": time.time(), "path": path or _ask_path()}


def _ask_path():
    return reverse("forum:ask")


def _path(draft):
    return draft.get("path") or _ask_path()


def discard(session):
    session.pop(SESSION_KEY, None)


def _is_fresh(draft):
    if not isinstance(draft, dict) or not isinstance(draft.get("typed"), dict):
        return False
    written = draft.get("at")
    return isinstance(written, int | float) and 0 <= time.time() - written < LIFETIME_SECONDS


def restore(session, user, *, path=None):
    """What was typed on the page at `path` (the ask form by default), for `user`: the
    visitor who typed it (before signing in) or the member whose sign-in it led to.
    None otherwise; a draft that is stale, or was not given to this member, is thrown
    away; one for another page is left for it."""
    draft = session.get(SESSION_KEY)
    if draft is None:
        return None
    if isinstance(draft, dict) and _path(draft) != (path or _ask_path()):
        return None
    owner = user.pk if user.is_authenticated else None
    if not _is_fresh(draft) or draft.get("member") != owner:
        discard(session)
        return None
    return draft["typed"]


def _returns_to(response, path):
    location = response.get("Location") if response is not None else None
    return bool(location) and urlsplit(location).path == path


def give_to_member_signing_in(sender, request, user, response=None, **kwargs):
    """
    On a sign-in (allauth's user_logged_in, sent with the response that ends it): the
    visitor's draft goes to this member if the sign-in returns to the form it was typed
    in; otherwise someone else is signing in on that browser, and it is thrown
    away.
    """
    draft = request.session.get(SESSION_KEY)
    if draft is None:
        return
    if _is_fresh(draft) and "member" not in draft and _returns_to(response, _path(draft)):
        request.session[SESSION_KEY] = {**draft, "member": user.pk}
    else:
        discard(request.session)
