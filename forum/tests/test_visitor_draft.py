"""
A question a signed-out visitor typed belongs to that visit: it is kept in the session
for a short time, and only for the sign-in it led to. Anyone else signing in on that
browser never sees it.
"""

import pytest
from django.contrib.auth import SESSION_KEY as SIGNED_IN_USER
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests.factories import PASSWORD, MemberFactory
from accounts.tests.staff import give_totp, totp_code
from forum import visitor_draft
from forum.views.compose import ASK_DRAFT_SESSION_KEY

ASK_URL = "/forum/ask/"
TITLE = "Is it normal to feel this tired after IVIG?"
BODY = "Private: I had my third infusion on Monday and can hardly get up."
STARTED = "Here is the question you started."
LOGIN_URL = reverse("account_login")


@pytest.fixture
def typed(category):
    return {"title": TITLE, "category": str(category.pk), "body": BODY}


@pytest.fixture
def visitor(client, typed):
    """A browser where a signed-out visitor typed a question and pressed Post."""
    client.post(ASK_URL, typed)
    assert ASK_DRAFT_SESSION_KEY in client.session
    return client


def sign_in(client, user, next_url=None):
    data = {"login": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN_URL, data)


def sign_in_on_the_way_back(client, user):
    """The detour the ask form sent the visitor on: sign in, then back to the form."""
    return sign_in(client, user, next_url=ASK_URL)


def age_the_draft(client, seconds):
    session = client.session
    draft = session[ASK_DRAFT_SESSION_KEY]
    session[ASK_DRAFT_SESSION_KEY] = {**draft, "at": draft["at"] - seconds}
    session.save()


def test_the_member_whose_sign_in_it_led_to_finds_the_question(visitor, member):
    sign_in_on_the_way_back(visitor, member)

    response = visitor.get(ASK_URL)

    assertContains(response, STARTED)
    assertContains(response, BODY)


def test_someone_else_signing_in_on_that_browser_does_not_see_the_question(visitor):
    next_member = MemberFactory(username="next_in_the_library")
    sign_in(visitor, next_member)

    response = visitor.get(ASK_URL)

    assertNotContains(response, STARTED)
    assertNotContains(response, BODY)


def test_someone_else_signing_in_throws_the_question_away(visitor):
    sign_in(visitor, MemberFactory(username="next_in_the_library"))

    assert ASK_DRAFT_SESSION_KEY not in visitor.session


def test_the_question_is_kept_for_a_short_time_only(visitor, member):
    age_the_draft(visitor, visitor_draft.LIFETIME_SECONDS + 1)
    sign_in_on_the_way_back(visitor, member)

    response = visitor.get(ASK_URL)

    assertNotContains(response, STARTED)
    assertNotContains(response, BODY)
    assert ASK_DRAFT_SESSION_KEY not in visitor.session


def test_within_the_hour_the_question_is_still_there(visitor, member):
    age_the_draft(visitor, visitor_draft.LIFETIME_SECONDS - 60)
    sign_in_on_the_way_back(visitor, member)

    assertContains(visitor.get(ASK_URL), BODY)


def test_the_question_survives_the_authenticator_code(visitor, member):
    give_totp(member)
    sign_in_on_the_way_back(visitor, member)

    visitor.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    assert visitor.session[SIGNED_IN_USER] == str(member.pk)
    assertContains(visitor.get(ASK_URL), BODY)


def test_once_given_to_a_member_it_is_not_shown_after_they_sign_out(visitor, member):
    sign_in_on_the_way_back(visitor, member)
    visitor.post(reverse("account_logout"))

    response = visitor.get(ASK_URL)

    assertNotContains(response, BODY)


def test_the_next_member_after_sign_out_does_not_see_it(visitor, member):
    sign_in_on_the_way_back(visitor, member)
    visitor.post(reverse("account_logout"))
    sign_in_on_the_way_back(visitor, MemberFactory(username="next_in_the_library"))

    assertNotContains(visitor.get(ASK_URL), BODY)


def test_the_visitor_coming_back_to_the_form_before_signing_in_still_finds_it(visitor):
    assertContains(visitor.get(ASK_URL), BODY)


def test_another_browser_never_sees_it(visitor, member):
    other_browser = Client()
    sign_in_on_the_way_back(other_browser, member)

    assertNotContains(other_browser.get(ASK_URL), BODY)


def test_a_question_kept_without_its_time_is_thrown_away(client, member, typed):
    # As drafts were kept before they had a lifetime: they must not come back.
    session = client.session
    session[ASK_DRAFT_SESSION_KEY] = typed
    session.save()
    sign_in_on_the_way_back(client, member)

    assertNotContains(client.get(ASK_URL), BODY)


def test_a_member_signed_in_some_other_way_is_not_given_it(visitor, member):
    # A sign-in that did not go through allauth (as the test client's force_login).
    visitor.force_login(member)

    assertNotContains(visitor.get(ASK_URL), BODY)
