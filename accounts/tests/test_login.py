from django.contrib import auth
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.tests.factories import PASSWORD

LOGIN_URL = reverse("account_login")
LOGOUT_URL = reverse("account_logout")


def test_member_signs_in_with_their_username(client, member):
    response = client.post(LOGIN_URL, {"login": "patient_pat", "password": PASSWORD})

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert auth.get_user(client) == member


def test_member_signs_in_with_their_email_address(client, member):
    response = client.post(LOGIN_URL, {"login": "patient_pat@example.org", "password": PASSWORD})

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert auth.get_user(client) == member


def test_sign_in_returns_to_the_page_the_member_came_from(client, member):
    response = client.post(
        LOGIN_URL, {"login": "patient_pat", "password": PASSWORD, "next": "/forum/"}
    )

    assertRedirects(response, "/forum/", fetch_redirect_response=False)


def test_wrong_password_is_refused_with_a_clear_message(client, member):
    response = client.post(LOGIN_URL, {"login": "patient_pat", "password": "not-my-password"})

    assertContains(response, "The username and/or password you specified are not correct.")
    assert not auth.get_user(client).is_authenticated


def test_suspended_member_can_still_sign_in_to_read(client, suspended_member):
    client.post(LOGIN_URL, {"login": "suspended_sam", "password": PASSWORD})

    assert auth.get_user(client) == suspended_member


def test_unconfirmed_member_is_sent_a_fresh_link_instead_of_being_signed_in(
    client, unverified_member, mailoutbox
):
    response = client.post(LOGIN_URL, {"login": "unverified_una", "password": PASSWORD})

    assertRedirects(
        response, reverse("account_email_verification_sent"), fetch_redirect_response=False
    )
    assert not auth.get_user(client).is_authenticated
    assert mailoutbox[0].to == ["unverified_una@example.org"]


def test_closed_account_sees_the_inactive_page_and_is_not_signed_in(client, member):
    member.is_active = False
    member.save(update_fields=["is_active"])

    response = client.post(LOGIN_URL, {"login": "patient_pat", "password": PASSWORD})

    assertRedirects(response, reverse("account_inactive"))
    assert not auth.get_user(client).is_authenticated


def test_header_sign_out_button_posts_a_form(client, member):
    client.force_login(member)

    response = client.get(reverse("home"))

    assertContains(response, f'<form method="post" action="{LOGOUT_URL}" class="inline-form">')


def test_visiting_the_sign_out_page_only_asks_for_confirmation(client, member):
    client.force_login(member)

    response = client.get(LOGOUT_URL)

    assertContains(response, "Sign out of Askwell on this device?")
    assert auth.get_user(client) == member


def test_posting_sign_out_signs_the_member_out(client, member):
    client.force_login(member)

    response = client.post(LOGOUT_URL)

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert not auth.get_user(client).is_authenticated
