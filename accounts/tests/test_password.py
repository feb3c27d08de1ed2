import pytest
from django.contrib import auth
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.tests.factories import PASSWORD
from accounts.tests.links import PASSWORD_RESET_LINK, password_reset_path

RESET_URL = reverse("account_reset_password")
CHANGE_URL = reverse("account_change_password")
NEW_PASSWORD = "slow-river-bright-morning"


@pytest.fixture
def reset_link(client, member, mailoutbox):
    """Pat forgot their password and asked for a reset link."""
    client.post(RESET_URL, {"email": "patient_pat@example.org"})
    return password_reset_path(mailoutbox[0])


def set_new_password(client, reset_link):
    form_url = client.get(reset_link).url
    return client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


def test_password_reset_emails_a_link_to_the_member(reset_link, mailoutbox):
    assert mailoutbox[0].to == ["patient_pat@example.org"]
    assert reset_link.startswith("/accounts/password/reset/key/")


def test_member_sets_a_new_password_through_the_link_and_signs_in_with_it(
    client, member, reset_link
):
    response = set_new_password(client, reset_link)
    assertRedirects(response, reverse("account_reset_password_from_key_done"))

    client.post(reverse("account_login"), {"login": "patient_pat", "password": NEW_PASSWORD})

    assert auth.get_user(client) == member


def test_old_password_no_longer_works_after_a_reset(client, member, reset_link):
    set_new_password(client, reset_link)

    client.post(reverse("account_login"), {"login": "patient_pat", "password": PASSWORD})

    assert not auth.get_user(client).is_authenticated


def test_reset_link_works_only_once(client, reset_link):
    set_new_password(client, reset_link)

    response = client.get(reset_link)

    assertContains(response, "This password reset link is no longer valid")


def test_reset_request_for_an_unknown_address_looks_the_same_but_sends_no_link(
    client, db, mailoutbox
):
    response = client.post(RESET_URL, {"email": "nobody@example.org"})

    assertRedirects(response, reverse("account_reset_password_done"))
    assert not any(PASSWORD_RESET_LINK.search(message.body) for message in mailoutbox)


def test_member_changes_their_password_and_stays_signed_in(client, member):
    client.force_login(member)

    response = client.post(
        CHANGE_URL,
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assertRedirects(response, CHANGE_URL)
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert auth.get_user(client) == member


def test_wrong_current_password_changes_nothing(client, member):
    client.force_login(member)

    response = client.post(
        CHANGE_URL,
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assertContains(response, "That is not your current password.")
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_password_change_page_needs_a_signed_in_member(client, db):
    response = client.get(CHANGE_URL)

    assertRedirects(response, f"{reverse('account_login')}?next={CHANGE_URL}")
