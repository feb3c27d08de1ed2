"""Verified health professionals, as a member applies: the form, what it refuses, and
where their application stands. (The moderators' decision:
moderation/tests/test_professionals.py; the badge: forum/tests/test_professional_badge.py.)"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts import services
from accounts.models import ProfessionalApplication
from accounts.tests.professionals import apply, decided, lapsed, typed, verified

APPLY_URL = reverse("professional-application")


# Applying.


def test_visitors_are_asked_to_sign_in_first(client, db):
    response = client.get(APPLY_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_member_who_never_applied_sees_the_form(client, member):
    client.force_login(member)

    response = client.get(APPLY_URL)

    assertContains(response, "You have not applied yet.")
    assertContains(response, '<select name="country"', html=False)


def test_applying_sends_the_application_to_the_moderators(client, member):
    client.force_login(member)

    response = client.post(APPLY_URL, typed())
    page = client.get(response.url)

    assert response.url == APPLY_URL
    application = ProfessionalApplication.objects.get()
    assert (application.member, application.status, application.country) == (
        member,
        ProfessionalApplication.Status.PENDING,
        "GB",
    )
    assertContains(page, "A moderator will check your registration")
    assertContains(page, "is waiting for a moderator")
    assertNotContains(page, '<select name="country"', html=False)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("profession", "   ", "This field is required."),
        ("registration_body", "", "This field is required."),
        ("registration_number", "  ", "This field is required."),
        ("country", "", "This field is required."),
        ("country", "XX", "Choose a country from the list."),
        ("country", "gb", "Choose a country from the list."),
        ("profession", "N" * 101, "Ensure this value has at most 100 characters"),
    ],
)
def test_a_bad_application_is_shown_again_with_what_was_typed(
    client, member, field, value, message
):
    client.force_login(member)

    response = client.post(APPLY_URL, typed(**{field: value}))

    assert response.status_code == 200
    assertContains(response, message)
    kept = (
        "Health and Care Professions Council" if field == "registration_number" else "GMC-7654321"
    )
    assertContains(response, kept)
    assert not ProfessionalApplication.objects.exists()


def test_a_second_application_waits_for_the_first_to_be_decided(member, application):
    with pytest.raises(services.ApplicationPending):
        apply(member, profession="Physiotherapist")

    assert ProfessionalApplication.objects.count() == 1


def test_posting_again_while_one_waits_sends_nothing(client, member, application):
    client.force_login(member)

    response = client.post(APPLY_URL, typed(profession="Physiotherapist"))

    assert response.status_code == 409
    assertContains(response, "is waiting for a moderator", status_code=409)
    assert ProfessionalApplication.objects.count() == 1


@pytest.mark.parametrize("who", ["suspended_member", "unverified_member"])
def test_members_who_may_not_post_may_not_apply(client, request, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(APPLY_URL)
    response = client.post(APPLY_URL, typed())

    assertNotContains(page, '<select name="country"', html=False)
    assert response.status_code == 403
    assert not ProfessionalApplication.objects.exists()


def test_an_unknown_country_is_refused_by_the_service(member):
    with pytest.raises(ValueError):
        apply(member, country="XX")


def test_a_suspended_member_cannot_apply_through_the_service(suspended_member):
    with pytest.raises(PermissionDenied):
        apply(suspended_member)


# Where things stand, as the member sees it.


def test_an_approved_member_sees_until_when_and_may_renew(client, moderator, member, application):
    until = timezone.localdate() + timedelta(days=90)
    decided(
        application,
        moderator=moderator,
        status=ProfessionalApplication.Status.APPROVED,
        valid_until=until,
    )
    verified(member, until=until)
    client.force_login(member)

    response = client.get(APPLY_URL)

    assertContains(response, f"You are shown as a verified Neurologist until {until:%-d %B %Y}.")
    assertContains(response, "Renew your verification")


def test_a_declined_member_sees_the_note_and_may_apply_again(
    client, moderator, member, application
):
    decided(
        application,
        moderator=moderator,
        status=ProfessionalApplication.Status.DECLINED,
        decision_note="The number is not on the register.",
    )
    client.force_login(member)

    response = client.get(APPLY_URL)

    assertContains(response, "A moderator declined your application as Neurologist")
    assertContains(response, "The number is not on the register.")
    assertContains(response, "Apply again")


def test_a_lapsed_member_is_asked_to_renew(client, member):
    lapsed(member)
    client.force_login(member)

    response = client.get(APPLY_URL)

    assertContains(response, "Your verification as Neurologist lapsed after")
    assertContains(response, "Renew your verification")
