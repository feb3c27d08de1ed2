import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.tests.factories import PASSWORD
from accounts.tests.links import confirmation_path

EMAIL_URL = reverse("account_email")
NEW_ADDRESS = "pat.new@example.org"


@pytest.fixture
def changing(client, member, mailoutbox):
    """Pat, signed in, asked to change their address to NEW_ADDRESS (typing the
    password again, as the change asks)."""
    client.force_login(member)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(EMAIL_URL, {"action_add": "", "email": NEW_ADDRESS})
    return member


def test_email_page_needs_a_signed_in_member(client, db):
    response = client.get(EMAIL_URL)

    assertRedirects(response, f"{reverse('account_login')}?next={EMAIL_URL}")


def test_email_page_shows_the_members_current_address(client, member):
    client.force_login(member)

    response = client.get(EMAIL_URL)

    assertContains(response, "patient_pat@example.org")


def test_new_address_is_sent_a_confirmation_link(changing, mailoutbox):
    assert mailoutbox[0].to == [NEW_ADDRESS]
    assert confirmation_path(mailoutbox[0])


def test_current_address_stays_in_use_until_the_new_one_is_confirmed(changing):
    changing.refresh_from_db()
    assert changing.email == "patient_pat@example.org"
    assert not EmailAddress.objects.get(email=NEW_ADDRESS).verified


def test_invalid_new_address_is_refused_and_kept_in_the_form(client, member):
    client.force_login(member)

    response = client.post(EMAIL_URL, {"action_add": "", "email": "pat-at-home"})

    assertContains(response, "Enter a valid email address.")
    assertContains(response, 'value="pat-at-home"')
    assert EmailAddress.objects.filter(user=member).count() == 1


def test_confirming_the_new_address_makes_it_primary_and_drops_the_old_one(
    client, changing, mailoutbox
):
    client.post(confirmation_path(mailoutbox[0]))

    changing.refresh_from_db()
    assert changing.email == NEW_ADDRESS
    address = EmailAddress.objects.get(user=changing)
    assert (address.email, address.verified, address.primary) == (NEW_ADDRESS, True, True)


def test_confirming_the_new_address_returns_to_the_email_page(client, changing, mailoutbox):
    response = client.post(confirmation_path(mailoutbox[0]))

    assertRedirects(response, EMAIL_URL)


def test_member_can_have_the_confirmation_link_sent_again(client, changing, mailoutbox):
    # Some minutes later: allauth sends one link per address every few minutes at most.
    cache.clear()

    client.post(EMAIL_URL, {"action_send": "", "email": NEW_ADDRESS})

    links = [message.to for message in mailoutbox if "/accounts/confirm-email/" in message.body]
    assert links == [[NEW_ADDRESS], [NEW_ADDRESS]]


def test_member_can_cancel_a_pending_change(client, changing):
    client.post(EMAIL_URL, {"action_remove": "", "email": NEW_ADDRESS})

    assert list(EmailAddress.objects.filter(user=changing).values_list("email", flat=True)) == [
        "patient_pat@example.org"
    ]


def test_the_sign_up_confirmation_email_says_what_to_do_in_askwells_words(client, db, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "newbie@example.org",
            "username": "new_reader",
            "password1": "a-long-enough-passphrase-42",
            "password2": "a-long-enough-passphrase-42",
        },
    )

    (message,) = mailoutbox
    assert (
        message.subject == "[Askwell] Confirm your e-mail address to finish creating your account"
    )
    assert "Welcome, new_reader." in message.body
    assert "/accounts/confirm-email/" in message.body
    assert "never this address" in message.body
