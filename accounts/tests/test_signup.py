import pytest
from allauth.account.models import EmailAddress
from django.contrib import auth
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import User
from accounts.tests.links import confirmation_path

SIGNUP_URL = reverse("account_signup")
ASK_URL = "/forum/ask/?article=necrotizing-myopathy"
PASSWORD = "quiet-lake-morning-42"


def signup_data(**changes):
    return {
        "email": "hana@example.org",
        "username": "hopeful_hana",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **changes,
    }


@pytest.fixture
def signed_up(client, db, mailoutbox):
    """Hana has just signed up, starting from the ask form of an article."""
    client.post(SIGNUP_URL, {**signup_data(), "next": ASK_URL})
    return User.objects.get(username="hopeful_hana")


def test_sign_up_creates_a_member_with_their_public_username_and_private_email(client, db):
    response = client.post(SIGNUP_URL, signup_data())

    assertRedirects(response, reverse("account_email_verification_sent"))
    member = User.objects.get(username="hopeful_hana")
    assert member.email == "hana@example.org"
    assert member.check_password(PASSWORD)


def test_sign_up_page_explains_the_username_is_a_public_pseudonym(client, db):
    response = client.get(SIGNUP_URL)

    assertContains(response, "never your e-mail address or your real name")
    username_input = str(response.context["form"]["username"])
    assert 'aria-describedby="id_username_helptext"' in username_input


def test_username_with_an_at_sign_is_refused_with_an_explanation(client, db):
    response = client.post(SIGNUP_URL, signup_data(username="hana@example.org"))

    assert response.status_code == 200
    assertContains(response, "Your username is shown publicly, so it can")
    assert not User.objects.exists()


def test_refused_sign_up_keeps_everything_that_was_typed(client, db):
    response = client.post(SIGNUP_URL, signup_data(username="hana@home"))

    assertContains(response, 'value="hana@example.org"')
    assertContains(response, 'value="hana@home"')
    assertContains(response, f'value="{PASSWORD}"', count=2)


def test_refused_password_is_not_sent_back_to_the_browser(client, db):
    response = client.post(SIGNUP_URL, signup_data(password2="something-else-entirely"))

    assertContains(response, "You must type the same password each time.")
    assertNotContains(response, PASSWORD)
    assertNotContains(response, "something-else-entirely")


@pytest.mark.parametrize("username", ["admin", "Moderator", "askwell", "SUPPORT"])
def test_reserved_username_is_refused(client, db, username):
    response = client.post(SIGNUP_URL, signup_data(username=username))

    assertContains(response, "This username is reserved")
    assert not User.objects.exists()


def test_username_taken_in_another_case_is_refused(client, member):
    response = client.post(SIGNUP_URL, signup_data(username="Patient_Pat"))

    assertContains(response, "A user with that username already exists.")
    assert User.objects.count() == 1


def test_email_address_already_in_use_creates_no_second_account(client, member, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data(email="PATIENT_PAT@example.org"))

    # The page does not say whether the address is known (e-mail addresses stay
    # private); the owner of the address is told by e-mail instead.
    assertRedirects(response, reverse("account_email_verification_sent"))
    assert list(User.objects.all()) == [member]
    assert mailoutbox[0].to == ["patient_pat@example.org"]
    assert "there is already an account with this address" in mailoutbox[0].body


def test_sign_up_sends_a_confirmation_email_with_a_link(signed_up, mailoutbox):
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["hana@example.org"]
    assert confirmation_path(mailoutbox[0]).startswith("/accounts/confirm-email/")


def test_new_member_is_not_signed_in_before_confirming(client, signed_up):
    assert not auth.get_user(client).is_authenticated


def test_confirmation_link_shows_a_confirm_button_and_confirms_nothing_yet(
    client, signed_up, mailoutbox
):
    response = client.get(confirmation_path(mailoutbox[0]))

    assertContains(response, '<button type="submit" class="button">Confirm</button>', html=True)
    assert not EmailAddress.objects.get(user=signed_up).verified
    assert not auth.get_user(client).is_authenticated


def test_confirming_signs_the_member_in_and_returns_to_where_they_started(
    client, signed_up, mailoutbox
):
    response = client.post(confirmation_path(mailoutbox[0]))

    assertRedirects(response, ASK_URL, fetch_redirect_response=False)
    assert auth.get_user(client) == signed_up
    assert EmailAddress.objects.get(user=signed_up).verified


def test_confirmed_member_may_post(client, signed_up, mailoutbox):
    client.post(confirmation_path(mailoutbox[0]))

    signed_up.refresh_from_db()
    assert signed_up.posting_restriction() is None


def test_confirming_in_another_browser_confirms_but_asks_to_sign_in(signed_up, mailoutbox):
    other_browser = Client()

    response = other_browser.post(confirmation_path(mailoutbox[0]))

    assertRedirects(response, reverse("account_login"), fetch_redirect_response=False)
    assert EmailAddress.objects.get(user=signed_up).verified
    assert not auth.get_user(other_browser).is_authenticated


def test_expired_or_unknown_confirmation_link_says_so(client, db):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))

    assertContains(response, "This confirmation link has expired or was already used.")


# The username's hint and its error messages say the same thing.

ALLOWED = "Use 3 to 150 letters, digits and . + - _ only: no spaces."


def test_the_username_hint_says_what_a_username_may_be_made_of(client, db):
    response = client.get(SIGNUP_URL)

    assert ALLOWED in response.context["form"]["username"].help_text


@pytest.mark.parametrize("username", ["hana smith", "hana!", "ha", "x" * 151])
def test_a_username_that_does_not_fit_is_refused_in_the_words_of_the_hint(client, db, username):
    response = client.post(SIGNUP_URL, signup_data(username=username))

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [ALLOWED]
    assert "@/./+/-/_" not in response.content.decode()
    assert not User.objects.exists()
