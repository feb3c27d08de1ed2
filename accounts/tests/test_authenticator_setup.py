"""
Staff set up their authenticator app only with a one-time, expiring link that an
administrator makes (`manage.py staff_setup_link`, `make_moderator`): without an
authenticator app, a staff password alone neither signs in, nor sets one up, nor opens
the admin. Members still sign in with a password and set one up themselves.
"""

from datetime import timedelta
from io import StringIO
from urllib.parse import urlencode, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib import auth
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts import authenticator_setup
from accounts.authenticator_setup import NotStaff, create_setup_link
from accounts.models import AuthenticatorSetupLink
from accounts.tests.factories import PASSWORD, MemberFactory, ModeratorFactory
from accounts.tests.staff import give_totp, totp_code

ADMIN = "/admin/"
LOGIN = "/accounts/login/"
TOTP_SETUP = "/accounts/2fa/totp/activate/"
REAUTHENTICATE = "/accounts/reauthenticate/"
NEEDS_LINK = "Your setup link, please"


def sign_in_with_password(client, user, next_url=None):
    data = {"login": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def link_path(user, **kwargs):
    return urlsplit(create_setup_link(user=user, **kwargs)).path


def token_of(path):
    return path.rstrip("/").rsplit("/", 1)[-1]


def open_link_and_sign_in(client, user, path):
    """The way in for staff without an authenticator app: the link first (signed
    out), then the password, back at the link."""
    client.get(path)
    return sign_in_with_password(client, user, next_url=path)


def try_to_set_up_an_authenticator(client):
    """What someone holding only the password would try once signed in: confirm the
    password as allauth asks, then post a code for a secret of their own."""
    client.post(REAUTHENTICATE, {"password": PASSWORD})
    client.get(TOTP_SETUP)
    secret = client.session.get(SECRET_SESSION_KEY, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return client.post(TOTP_SETUP, {"code": totp_code(secret)})


def set_up_through_allauth(client):
    """allauth's own steps once the page is open: the password again, the code."""
    assert client.get(TOTP_SETUP).url == f"{REAUTHENTICATE}?{urlencode({'next': TOTP_SETUP})}"
    client.post(REAUTHENTICATE, {"password": PASSWORD})
    client.get(TOTP_SETUP)
    return client.post(TOTP_SETUP, {"code": totp_code(client.session[SECRET_SESSION_KEY])})


def has_authenticator(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def signed_in(client):
    return auth.get_user(client).is_authenticated


# A password alone.


def test_a_staff_password_alone_does_not_sign_in(client, moderator):
    response = sign_in_with_password(client, moderator)

    assert response.status_code == 403
    assert NEEDS_LINK in response.text
    assert "staff_setup_link moderator_mo" in response.text
    assert not signed_in(client)


def test_a_staff_password_alone_cannot_set_up_an_authenticator(client, moderator):
    sign_in_with_password(client, moderator)

    try_to_set_up_an_authenticator(client)

    assert not has_authenticator(moderator)


def test_a_staff_password_alone_never_opens_the_admin(client, moderator):
    sign_in_with_password(client, moderator)

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize("superuser", [False, True], ids=["moderator", "administrator"])
def test_every_kind_of_staff_needs_a_link_to_sign_in(client, db, superuser):
    staff = MemberFactory(is_staff=True, is_superuser=superuser)

    assert sign_in_with_password(client, staff).status_code == 403
    assert not signed_in(client)


def test_staff_with_an_authenticator_sign_in_with_password_and_code(client, moderator):
    give_totp(moderator)
    sign_in_with_password(client, moderator)

    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    assert auth.get_user(client) == moderator


def test_a_staff_session_opened_another_way_still_cannot_set_up_without_the_link(client, moderator):
    # As a member promoted while signed in: the setup page still wants the link.
    client.force_login(moderator)

    response = try_to_set_up_an_authenticator(client)

    assert response.status_code == 403
    assert NEEDS_LINK in response.text
    assert not has_authenticator(moderator)


def test_members_still_sign_in_and_set_up_an_authenticator_themselves(client, member):
    sign_in_with_password(client, member)

    set_up_through_allauth(client)

    assert has_authenticator(member)


# With the link.


def test_the_link_lets_the_staff_member_sign_in_set_up_and_open_the_admin(client, moderator):
    path = link_path(moderator)

    assert client.get(path).url == f"{LOGIN}?{urlencode({'next': path}, safe='/')}"
    assert sign_in_with_password(client, moderator, next_url=path).url == path
    page = client.get(path)
    assert page.status_code == 200
    assert "Continue" in page.text
    assert client.post(path).url == TOTP_SETUP
    set_up_through_allauth(client)

    assert has_authenticator(moderator)
    assert client.get(ADMIN).status_code == 200


def test_showing_the_link_does_not_use_it_up(client, moderator):
    path = link_path(moderator)
    open_link_and_sign_in(client, moderator, path)
    client.get(path)
    client.get(path)

    assert client.post(path).url == TOTP_SETUP


def test_a_link_works_once(client, moderator):
    path = link_path(moderator)
    open_link_and_sign_in(client, moderator, path)
    client.post(path)
    other_browser = Client()

    assert other_browser.get(path).status_code == 404
    assert sign_in_with_password(other_browser, moderator).status_code == 403
    assert not signed_in(other_browser)


def test_an_expired_link_is_refused(client, moderator, settings):
    made = timezone.now() - timedelta(hours=settings.ASKWELL_STAFF_SETUP_LINK_HOURS, minutes=1)
    path = link_path(moderator, now=made)

    assert client.get(path).status_code == 404
    assert open_link_and_sign_in(client, moderator, path).status_code == 403
    assert not signed_in(client)


def test_a_newer_link_replaces_the_earlier_one(client, moderator):
    earlier = link_path(moderator)
    later = link_path(moderator)

    assert client.get(earlier).status_code == 404
    assert open_link_and_sign_in(client, moderator, later).url == later


def test_a_link_made_for_another_staff_member_lets_no_one_else_in(client, moderator):
    colleague = ModeratorFactory(username="colleague_cal")
    path = link_path(colleague)

    open_link_and_sign_in(client, moderator, path)

    assert not signed_in(client)
    assert authenticator_setup.find_usable_link(user=colleague, token=token_of(path))


def test_a_link_made_for_another_staff_member_is_refused_signed_in(client, moderator):
    colleague = ModeratorFactory(username="colleague_cal")
    path = link_path(colleague)
    client.force_login(moderator)

    assert client.post(path).status_code == 404
    assert try_to_set_up_an_authenticator(client).status_code == 403
    assert authenticator_setup.find_usable_link(user=colleague, token=token_of(path))


@pytest.mark.parametrize("token", ["x", "a" * 300, "not-a-real-token-at-all", "..%2F..%2Fadmin"])
def test_a_made_up_link_is_refused(client, moderator, token):
    assert client.get(f"/accounts/2fa/setup/{token}/").status_code == 404
    client.force_login(moderator)
    assert client.post(f"/accounts/2fa/setup/{token}/").status_code == 404


def test_the_links_permission_matrix(client, moderator, member):
    path = link_path(moderator)

    assert client.post(path).status_code == 302  # anonymous: sign in first
    client.force_login(member)
    assert client.post(path).status_code == 404  # someone else's link
    client.force_login(moderator)
    assert client.post(path).url == TOTP_SETUP  # its staff member: on to the setup


def test_the_setup_lasts_only_for_a_while_after_the_link(client, moderator):
    client.force_login(moderator)
    client.post(link_path(moderator))
    session = client.session
    grant = session[authenticator_setup.SESSION_KEY]
    session[authenticator_setup.SESSION_KEY] = {**grant, "until": grant["until"] - 3600}
    session.save()

    assert try_to_set_up_an_authenticator(client).status_code == 403


def test_only_a_hash_of_the_links_secret_is_stored(moderator):
    token = token_of(link_path(moderator))

    stored = AuthenticatorSetupLink.objects.get(user=moderator)
    assert token not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_members_get_no_setup_link(member):
    with pytest.raises(NotStaff):
        create_setup_link(user=member)


# The commands that make links.


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_staff_setup_link_prints_a_link_for_the_staff_member(moderator):
    printed = run("staff_setup_link", "moderator_mo")

    assert "http://testserver/accounts/2fa/setup/" in printed
    assert "valid 24 hours" in printed
    assert AuthenticatorSetupLink.objects.filter(user=moderator, used_at__isnull=True).count() == 1


def test_staff_setup_link_refuses_a_member(member):
    with pytest.raises(CommandError, match="patient_pat is not staff"):
        run("staff_setup_link", "patient_pat")


def test_staff_setup_link_refuses_staff_who_have_an_authenticator(moderator):
    give_totp(moderator)

    with pytest.raises(CommandError, match="already has an authenticator app"):
        run("staff_setup_link", "moderator_mo")


def test_staff_setup_link_refuses_an_unknown_name(db):
    with pytest.raises(CommandError, match="No member is called “nobody_here”"):
        run("staff_setup_link", "nobody_here")


def test_make_moderator_prints_the_new_moderators_setup_link(member):
    printed = run("make_moderator", "patient_pat")

    assert "/accounts/2fa/setup/" in printed
    assert AuthenticatorSetupLink.objects.filter(user=member).exists()


def test_make_moderator_says_when_the_member_already_has_an_authenticator(member):
    give_totp(member)

    printed = run("make_moderator", "patient_pat")

    assert "already have an authenticator app" in printed
    assert not AuthenticatorSetupLink.objects.exists()
