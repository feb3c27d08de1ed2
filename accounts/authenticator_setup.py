"""
How staff set up their authenticator app: with a one-time, expiring link that an
administrator creates (`manage.py staff_setup_link <username>`, or `make_moderator`),
never with their password alone. A stolen staff password is then not enough to reach
the admin: the thief would also need the link, or the authenticator app.

Staff without an authenticator app cannot sign in with their password alone either
(accounts.adapter's pre_login): only in a browser that opened their setup link first.
Signed in, the link lets that session set up an authenticator app for the next
SESSION_GRANT_SECONDS (config/urls.py sends allauth's setup page through
accounts.views.activate_totp). Members who are not staff sign in with their password
and set up an authenticator app freely, from /accounts/2fa/.
"""

import hashlib
import secrets
import time
from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuthenticatorSetupLink

SESSION_KEY = "accounts_authenticator_setup"
# The link a signed-out browser opened, so that its staff member may sign in there.
PRESENTED_SESSION_KEY = "accounts_authenticator_setup_link"
# Time to type the password again, scan the QR code and enter a code.
SESSION_GRANT_SECONDS = 30 * 60


class NotStaff(ValueError):
    """Setup links are for staff: members set up an authenticator app themselves."""


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def setup_path(token):
    return reverse("authenticator-setup-link", args=[token])


@transaction.atomic
def create_setup_link(*, user, now=None):
    """
    A new setup link for staff member `user`, valid for
    settings.ASKWELL_STAFF_SETUP_LINK_HOURS; any earlier link of theirs stops working.
    Returns the link's full address (its secret is not stored, only shown once).
    """
    if not user.is_staff:
        raise NotStaff(user.username)
    now = now or timezone.now()
    AuthenticatorSetupLink.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    AuthenticatorSetupLink.objects.create(
        user=user,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + timedelta(hours=settings.ASKWELL_STAFF_SETUP_LINK_HOURS),
    )
    return f"{settings.SITE_URL}{setup_path(token)}"


def setup_link_instructions(user):
    """A new setup link for staff member `user`, with what to do with it: for the
    administrator who runs `staff_setup_link` or `make_moderator`."""
    url = create_setup_link(user=user)
    return _(
        "One-time link for %(name)s to set up their authenticator app (valid %(hours)d "
        "hours; it replaces any earlier link). Give it to them privately; they open it "
        "while signed in:\n%(url)s"
    ) % {"name": user.username, "hours": settings.ASKWELL_STAFF_SETUP_LINK_HOURS, "url": url}


def _usable_links(*, token_hash, now=None):
    return AuthenticatorSetupLink.objects.filter(
        token_hash=token_hash, used_at__isnull=True, expires_at__gt=now or timezone.now()
    )


def find_usable_link(*, user, token, now=None, lock=False):
    """The link for `token` if it is `user`'s, unused and unexpired; else None."""
    links = _usable_links(token_hash=_hash(token), now=now).filter(user=user)
    if lock:
        links = links.select_for_update()
    return links.first()


def present_link(*, session, token):
    """A signed-out browser opened a setup link: if it can be used, its staff member
    may sign in in this browser to use it. Returns whether it can be used."""
    token_hash = _hash(token)
    if not _usable_links(token_hash=token_hash).exists():
        return False
    session[PRESENTED_SESSION_KEY] = token_hash
    return True


def needs_setup_link_to_sign_in(*, session, user):
    """Staff without an authenticator app sign in only where their setup link was
    opened: their password alone must not open a staff session."""
    if not user.is_staff or is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        return False
    token_hash = session.get(PRESENTED_SESSION_KEY)
    return not (
        isinstance(token_hash, str)
        and _usable_links(token_hash=token_hash).filter(user=user).exists()
    )


@transaction.atomic
def redeem_setup_link(*, request, token):
    """
    Use the link (once) to let the signed-in staff member's session set up an
    authenticator app. Returns False, changing nothing, when the link is not theirs, was
    used or replaced, or has expired.
    """
    now = timezone.now()
    link = find_usable_link(user=request.user, token=token, now=now, lock=True)
    if link is None:
        return False
    link.used_at = now
    link.save(update_fields=["used_at"])
    request.session.pop(PRESENTED_SESSION_KEY, None)
    request.session[SESSION_KEY] = {
        "user": request.user.pk,
        "until": time.time() + SESSION_GRANT_SECONDS,
    }
    return True


def may_set_up_authenticator(request):
    """Members may set up an authenticator app; staff only in a session that opened a
    setup link in the last SESSION_GRANT_SECONDS."""
    user = request.user
    if not user.is_authenticated or not user.is_staff:
        return True
    grant = request.session.get(SESSION_KEY)
    return (
        isinstance(grant, dict)
        and grant.get("user") == user.pk
        and isinstance(grant.get("until"), int | float)
        and time.time() < grant["until"]
    )
