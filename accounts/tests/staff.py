"""Signing in to the admin in tests: staff need their second factor, as in the site."""

import time

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

# A fixed authenticator-app secret (base32) for the tests' staff.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user, secret=TOTP_SECRET):
    """Set up an authenticator app for `user`, as allauth does when they activate one."""
    TOTP.activate(user, secret)
    return user


def totp_code(secret=TOTP_SECRET, at=None, *, time_left=3):
    """The code an authenticator app shows right now (RFC 6238, 30-second steps), or
    at `at`. Now means with `time_left` seconds at least to use it, as a person would
    wait for the next code: allauth takes no earlier one, and a test that signs in
    twice with a code must not see its 30 seconds end in between."""
    if at is None:
        remaining = 30 - time.time() % 30
        if remaining < time_left:
            time.sleep(remaining + 0.1)
        at = time.time()
    return format_hotp_value(hotp_value(secret, int(at) // 30))


def sign_in_with_second_factor(client, user):
    """Sign `user` in as allauth does after the password and the authenticator code:
    the session records both."""
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.username},
        {
            "method": "mfa",
            "at": now,
            "id": Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).pk,
            "type": Authenticator.Type.TOTP,
        },
    ]
    session.save()
    return client


def sign_in(client, user):
    """Sign `user` in; staff with an authenticator app and its code, like the site asks."""
    if user.is_staff:
        give_totp(user)
        sign_in_with_second_factor(client, user)
    else:
        client.force_login(user)
    return client


def refused(response, login_url):
    """The admin sends visitors without moderator rights to sign in, or says 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.startswith(login_url)
    )
