"""
The admin's security: allauth's sign-in with a second factor, the authenticator gate
for staff, shorter staff sessions and the admin's address as a setting.
"""

import importlib
from urllib.parse import urlencode, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from accounts.authenticator_setup import create_setup_link
from accounts.tests.factories import PASSWORD
from accounts.tests.staff import totp_code
from forum.models import Post
from forum.tests.factories import make_question

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
TOTP_SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth accepts each authenticator code once (remembered in the cache) and
    # rate-limits sign-ins there.
    cache.clear()


def sign_in_with_password(client, user, next_url=ADMIN):
    return client.post(
        f"/accounts/login/?{urlencode({'next': next_url})}",
        {"login": user.username, "password": PASSWORD},
    )


def open_totp_setup(client, user):
    """Open the setup link an administrator made, sign in with the password there, use
    the link, then confirm the password as allauth asks before any change to two-factor
    authentication; returns the setup page and the secret it offers."""
    link = urlsplit(create_setup_link(user=user)).path
    client.get(link)
    sign_in_with_password(client, user, next_url=link)
    client.post(link)
    response = client.get(TOTP_SETUP)
    assert response.url == f"/accounts/reauthenticate/?{urlencode({'next': TOTP_SETUP})}"
    client.post(response.url, {"password": PASSWORD})
    page = client.get(TOTP_SETUP)
    return page, client.session[SECRET_SESSION_KEY]


# Signing in goes through allauth, second factor included.


def test_the_admin_sends_visitors_to_its_login_which_sends_them_to_allauths_sign_in(client):
    response = client.get(ADMIN, follow=True)

    assert response.redirect_chain == [
        (f"/admin/login/?{urlencode({'next': ADMIN}, safe='/')}", 302),
        (f"/accounts/login/?{urlencode({'next': ADMIN})}", 302),
    ]
    assert "Sign in" in response.text


def test_the_admins_own_login_form_never_signs_anyone_in(client, totp_moderator):
    response = client.post(
        "/admin/login/", {"username": totp_moderator.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_member_opening_the_admin_login_is_refused(client, member):
    client.force_login(member)

    assert client.get("/admin/login/").status_code == 403


def test_signed_in_staff_opening_the_admin_login_go_on_to_where_they_were_going(
    moderator_client,
):
    response = moderator_client.get("/admin/login/?next=/admin/forum/post/")

    assert response.status_code == 302
    assert response.url == "/admin/forum/post/"


def test_the_admin_login_ignores_a_next_address_on_another_site(moderator_client):
    response = moderator_client.get("/admin/login/?next=https://evil.example/admin/")

    assert response.url == reverse("admin:index")


def test_a_moderator_with_an_authenticator_is_asked_for_a_code_after_the_password(
    client, totp_moderator
):
    response = sign_in_with_password(client, totp_moderator)

    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert "Enter your authenticator code" in page.text
    assert 'name="code"' in page.text


def test_a_moderator_signs_in_with_the_password_and_the_code_and_reaches_the_admin(
    client, totp_moderator
):
    sign_in_with_password(client, totp_moderator)

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    assert response.status_code == 302
    assert response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_authenticator_code_is_refused_with_a_message(client, totp_moderator):
    sign_in_with_password(client, totp_moderator)
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("code", ["", "abcdef", "1" * 200])
def test_a_malformed_authenticator_code_is_refused(client, totp_moderator, code):
    sign_in_with_password(client, totp_moderator)

    response = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 200
    assert "errorlist" in response.text
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_a_moderator_in_instead_of_the_app(client, totp_moderator):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(totp_moderator).generate_codes()
    sign_in_with_password(client, totp_moderator)

    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})

    assert response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


# The gate: staff need an authenticator app before any admin page.


@pytest.mark.parametrize("role", ["moderator", "superuser", "staff_member"])
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(ADMIN, follow=True)

    assert response.redirect_chain[0] == (TOTP_SETUP, 302)
    assert "Set up two-factor authentication before you use the moderation console" in (
        response.text
    )


@pytest.mark.parametrize(
    "url", ["/admin/forum/pendingpost/", "/admin/forum/moderationevent/", "/admin/accounts/"]
)
def test_every_admin_page_sends_a_moderator_without_an_authenticator_to_set_one_up(
    client, moderator, url
):
    client.force_login(moderator)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == TOTP_SETUP


def test_a_decision_posted_without_an_authenticator_changes_nothing(client, moderator):
    post = make_question(state=Post.State.PENDING).opening_post
    client.force_login(moderator)

    response = client.post(f"/admin/forum/pendingpost/{post.pk}/change/", {"decision": "approve"})

    assert response.url == TOTP_SETUP
    post.refresh_from_db()
    assert post.state == Post.State.PENDING


def test_staff_without_an_authenticator_can_still_sign_out_of_the_admin(client, moderator):
    client.force_login(moderator)

    response = client.post("/admin/logout/")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_moderator_who_sets_up_an_authenticator_gets_recovery_codes_and_the_admin(
    client, moderator
):
    page, secret = open_totp_setup(client, moderator)
    assert "Set up an authenticator app" in page.text
    assert 'src="data:image/svg+xml;base64,' in page.text
    assert secret in page.text

    response = client.post(TOTP_SETUP, {"code": totp_code(secret)}, follow=True)

    assert response.redirect_chain[-1] == ("/accounts/2fa/recovery-codes/", 302)
    assert "Your recovery codes" in response.text
    assert response.text.count("<li><code>") == 10
    assert "Continue to the moderation console" in response.text
    assert Authenticator.objects.filter(user=moderator).count() == 2
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_when_setting_up_keeps_the_same_secret_and_says_so(client, moderator):
    page, secret = open_totp_setup(client, moderator)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(TOTP_SETUP, {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert secret in response.text
    assert not Authenticator.objects.filter(user=moderator).exists()


def test_the_two_factor_settings_page_shows_the_app_and_the_recovery_codes(client, moderator):
    page, secret = open_totp_setup(client, moderator)
    client.post(TOTP_SETUP, {"code": totp_code(secret)})

    response = client.get("/accounts/2fa/")

    assert "Two-factor authentication" in response.text
    assert "Active: you are asked for a code" in response.text
    assert "10 of 10 recovery codes left" in response.text


def test_admin_password_change_is_allauths_password_change(moderator_client):
    response = moderator_client.get("/admin/password_change/")

    assert response.status_code == 302
    assert response.url == reverse("account_change_password")


# Staff sessions are shorter.


def test_a_staff_session_expires_after_the_admin_session_length(moderator_client, settings):
    settings.ASKWELL_ADMIN_SESSION_SECONDS = 900

    moderator_client.get("/")

    assert moderator_client.session.get_expiry_age() == 900


def test_staff_signing_in_get_the_short_session_from_the_first_response(client, totp_moderator):
    sign_in_with_password(client, totp_moderator)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    assert client.session.get_expiry_age() == django_settings.ASKWELL_ADMIN_SESSION_SECONDS


def test_a_members_session_keeps_the_usual_length(client, member):
    client.force_login(member)

    client.get("/")

    assert client.session.get_expiry_age() == django_settings.SESSION_COOKIE_AGE
    assert "_session_expiry" not in client.session


# The admin's address is a setting.


@pytest.fixture
def admin_at_moderation_desk():
    import config.urls

    with override_settings(ASKWELL_ADMIN_PATH="moderation-desk/"):
        importlib.reload(config.urls)
        clear_url_caches()
        yield
    importlib.reload(config.urls)
    clear_url_caches()


def test_the_admin_lives_at_the_configured_address(admin_at_moderation_desk, moderator_client):
    assert reverse("admin:index") == "/moderation-desk/"
    assert moderator_client.get("/moderation-desk/").status_code == 200
    assert moderator_client.get("/admin/").status_code == 404


def test_the_sites_moderation_link_follows_the_configured_address(
    admin_at_moderation_desk, moderator_client
):
    response = moderator_client.get("/")

    assert 'href="/moderation-desk/"' in response.text


def test_visitors_to_the_configured_address_are_sent_to_sign_in(admin_at_moderation_desk, client):
    response = client.get("/moderation-desk/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=%2Fmoderation-desk%2F")
