"""
Security e-mails: a member is told at their address (the old one, when it changes)
whenever the password, the e-mail address or two-factor authentication changes, in
Askwell's words, with what to do if it was not them, and never a secret. Changing the
address asks for the password again.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from accounts.tests.links import confirmation_path, password_reset_path
from accounts.tests.staff import give_totp, totp_code

EMAIL_URL = reverse("account_email")
REAUTHENTICATE_URL = reverse("account_reauthenticate")
OLD_ADDRESS = "patient_pat@example.org"
NEW_ADDRESS = "pat.new@example.org"
NEW_PASSWORD = "slow-river-bright-morning"


def confirm_password(client, member):
    """Signed in, and the password typed again just now, as allauth asks before a
    change to the e-mail address or to two-factor authentication."""
    client.force_login(member)
    client.post(REAUTHENTICATE_URL, {"password": PASSWORD})
    return client


def sent_to(mailoutbox, address):
    return [message for message in mailoutbox if message.to == [address]]


def only_message_to(mailoutbox, address):
    (message,) = sent_to(mailoutbox, address)
    return message


def says_what_to_do_if_it_was_not_them(message):
    return "If it was not you" in message.body


# The password.


def test_changing_the_password_tells_the_member(client, member, mailoutbox):
    client.force_login(member)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    message = only_message_to(mailoutbox, OLD_ADDRESS)
    assert message.subject == "[Askwell] Your password was changed"
    assert "The password of your Askwell account, patient_pat, was changed." in message.body
    assert says_what_to_do_if_it_was_not_them(message)
    assert "://testserver/accounts/password/reset/" in message.body


def test_the_password_e_mail_never_holds_the_password(client, member, mailoutbox):
    client.force_login(member)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    (message,) = mailoutbox
    assert NEW_PASSWORD not in message.body
    assert PASSWORD not in message.body


def test_the_e_mail_says_when_and_from_which_browser(client, member, mailoutbox):
    client.force_login(member)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        HTTP_USER_AGENT="Firefox on a library computer",
    )

    (message,) = mailoutbox
    assert "When: " in message.body
    assert "UTC" in message.body
    assert "Browser: Firefox on a library computer" in message.body


def test_a_wrong_current_password_sends_nothing(client, member, mailoutbox):
    client.force_login(member)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert mailoutbox == []


def test_resetting_the_password_through_the_link_tells_the_member(client, member, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": OLD_ADDRESS})
    form_url = client.get(password_reset_path(mailoutbox[0])).url

    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    notice = mailoutbox[1]
    assert notice.to == [OLD_ADDRESS]
    assert notice.subject == "[Askwell] Your password was reset"
    assert "patient_pat" in notice.body
    assert says_what_to_do_if_it_was_not_them(notice)


# The e-mail address.


def test_changing_the_address_asks_for_the_password_again(client, member, mailoutbox):
    client.force_login(member)

    response = client.post(EMAIL_URL, {"action_add": "", "email": NEW_ADDRESS})

    assert response.status_code == 302
    assert response.url.startswith(REAUTHENTICATE_URL)
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        OLD_ADDRESS
    ]
    assert mailoutbox == []


def test_after_typing_the_password_again_the_change_goes_ahead(client, member, mailoutbox):
    client.force_login(member)
    asked = client.post(EMAIL_URL, {"action_add": "", "email": NEW_ADDRESS})

    client.post(asked.url, {"password": PASSWORD})

    assert EmailAddress.objects.filter(user=member, email=NEW_ADDRESS, verified=False).exists()
    assert sent_to(mailoutbox, NEW_ADDRESS)


def test_a_wrong_password_when_asked_again_changes_nothing(client, member, mailoutbox):
    client.force_login(member)
    asked = client.post(EMAIL_URL, {"action_add": "", "email": NEW_ADDRESS})

    response = client.post(asked.url, {"password": "not-my-password"})

    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email=NEW_ADDRESS).exists()
    assert mailoutbox == []


def test_asking_to_change_the_address_tells_the_current_address(client, member, mailoutbox):
    confirm_password(client, member)

    client.post(EMAIL_URL, {"action_add": "", "email": NEW_ADDRESS})

    notice = only_message_to(mailoutbox, OLD_ADDRESS)
    assert notice.subject == "[Askwell] Someone asked to change your e-mail address"
    assert "patient_pat" in notice.body
    assert "until it is followed, we keep writing to this one" in notice.body
    assert says_what_to_do_if_it_was_not_them(notice)


def test_the_notice_to_the_current_address_holds_neither_the_new_address_nor_the_link(
    client, member, mailoutbox
):
    confirm_password(client, member)

    client.post(EMAIL_URL, {"action_add": "", "email": NEW_ADDRESS})

    notice = only_message_to(mailoutbox, OLD_ADDRESS)
    assert NEW_ADDRESS not in notice.body
    assert "/accounts/confirm-email/" not in notice.body


def test_confirming_the_new_address_tells_the_old_one(client, member, mailoutbox):
    confirm_password(client, member)
    client.post(EMAIL_URL, {"action_add": "", "email": NEW_ADDRESS})
    link = confirmation_path(only_message_to(mailoutbox, NEW_ADDRESS))
    mailoutbox.clear()

    client.post(link)

    notice = only_message_to(mailoutbox, OLD_ADDRESS)
    assert notice.subject == "[Askwell] Your e-mail address was changed"
    assert "this one is no longer part of your account" in notice.body
    assert NEW_ADDRESS not in notice.body
    assert says_what_to_do_if_it_was_not_them(notice)


def test_cancelling_a_change_of_address_tells_the_current_address(client, member, mailoutbox):
    confirm_password(client, member)
    client.post(EMAIL_URL, {"action_add": "", "email": NEW_ADDRESS})
    mailoutbox.clear()

    client.post(EMAIL_URL, {"action_remove": "", "email": NEW_ADDRESS})

    notice = only_message_to(mailoutbox, OLD_ADDRESS)
    assert notice.subject == "[Askwell] An e-mail address was removed from your account"
    assert "We keep writing to this one." in notice.body


# Two-factor authentication.


@pytest.fixture
def totp_setup(client, member):
    """Pat on the authenticator-app setup page, password typed again; the secret."""
    confirm_password(client, member)
    client.get(reverse("mfa_activate_totp"))
    return client.session[SECRET_SESSION_KEY]


# allauth sends these e-mails once the change is committed, still in the request: the
# tests commit too.
committed = pytest.mark.django_db(transaction=True)


@committed
def test_turning_on_two_factor_authentication_tells_the_member(
    client, member, totp_setup, mailoutbox
):
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(totp_setup)})

    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    notice = only_message_to(mailoutbox, OLD_ADDRESS)
    assert notice.subject == "[Askwell] Two-factor authentication was turned on"
    assert "asks for a code from an authenticator app" in notice.body
    assert says_what_to_do_if_it_was_not_them(notice)


@committed
def test_the_two_factor_e_mail_holds_neither_the_secret_nor_the_recovery_codes(
    client, member, totp_setup, mailoutbox
):
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(totp_setup)})

    (notice,) = mailoutbox
    assert totp_setup not in notice.body
    codes = RecoveryCodes(
        Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert not any(code in notice.body for code in codes)


def test_turning_off_two_factor_authentication_tells_the_member(client, member, mailoutbox):
    give_totp(member)
    confirm_password(client, member)

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    notice = only_message_to(mailoutbox, OLD_ADDRESS)
    assert notice.subject == "[Askwell] Two-factor authentication was turned off"
    assert "asks for the password only" in notice.body


@committed
def test_new_recovery_codes_tell_the_member_and_are_not_in_the_e_mail(client, member, mailoutbox):
    give_totp(member)
    RecoveryCodes.activate(member)
    confirm_password(client, member)

    client.post(reverse("mfa_generate_recovery_codes"))

    notice = only_message_to(mailoutbox, OLD_ADDRESS)
    assert notice.subject == "[Askwell] New recovery codes for your account"
    assert "The earlier ones no longer work." in notice.body
    codes = RecoveryCodes(
        Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert not any(code in notice.body for code in codes)


def test_the_security_contact_is_named_when_set(client, member, mailoutbox, settings):
    settings.ASKWELL_SECURITY_EMAIL = "help@askwell.example"
    client.force_login(member)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    (message,) = mailoutbox
    assert "write to us at help@askwell.example" in message.body
