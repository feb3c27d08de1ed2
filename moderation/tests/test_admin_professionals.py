"""Verified health professionals in the admin: moderators approve an application until
a date or decline it with a note, one at a time or from the list; nobody else may."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from accounts.models import ProfessionalApplication
from accounts.tests.professionals import apply
from accounts.tests.staff import refused, sign_in
from moderation import professionals

LIST_URL = reverse("admin:accounts_professionalapplication_changelist")
ADMIN_LOGIN_URL = reverse("admin:login")
NOT_MODERATORS = [None, "member", "suspended_member", "staff_without_moderation"]


def action(name, *applications, **data):
    return {"action": name, "_selected_action": [a.pk for a in applications], **data}


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_approve_applications(
    client, request, member, application, viewer, allowed
):
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))
    until = timezone.localdate() + timedelta(days=30)

    response = client.post(
        LIST_URL,
        action("approve_selected", application, valid_until=until.isoformat(), apply="1"),
    )

    member.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert member.professional_until == until
    else:
        assert refused(response, ADMIN_LOGIN_URL)
        assert not member.professional_title


def test_the_list_puts_waiting_applications_first(moderator_client, moderator, member):
    decided = apply(member, profession="Nurse")
    professionals.decline_professional_application(
        moderator=moderator, application=decided, note="Not on the register."
    )
    waiting = apply(member)

    response = moderator_client.get(LIST_URL)

    assert list(response.context["cl"].result_list) == [waiting, decided]


def test_approving_asks_until_when_with_the_configured_time_filled_in(
    moderator_client, application, settings
):
    settings.ASKWELL_PROFESSIONAL_VERIFICATION_DAYS = 100

    response = moderator_client.post(LIST_URL, action("approve_selected", application, index="0"))

    expected = timezone.localdate() + timedelta(days=100)
    assert response.context["form"]["valid_until"].value() == expected
    assertContains(response, "GMC-7654321")


def test_a_verification_ending_today_or_before_is_asked_again(moderator_client, application):
    response = moderator_client.post(
        LIST_URL,
        action(
            "approve_selected",
            application,
            valid_until=timezone.localdate().isoformat(),
            apply="1",
        ),
    )

    assertContains(response, "Give a date after today.")
    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.PENDING


def test_declining_without_a_note_is_asked_again(moderator_client, application):
    response = moderator_client.post(
        LIST_URL, action("decline_selected", application, note="  ", apply="1")
    )

    assertContains(response, "Tell the member why")
    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.PENDING


def test_declining_from_the_applications_page(
    moderator_client, application, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("admin:accounts_professionalapplication_change", args=[application.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            url,
            {
                "CHANGE_FORM-action": "decline_selected",
                "_selected_action": [application.pk],
                "note": "Not on the register.",
                "apply": "1",
            },
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.decision_note == "Not on the register."
    assert len(mailoutbox) == 1


def test_moderators_cannot_delete_applications(moderator_client, application):
    url = reverse("admin:accounts_professionalapplication_delete", args=[application.pk])

    response = moderator_client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert ProfessionalApplication.objects.filter(pk=application.pk).exists()


def test_an_applications_page_shows_the_registration_and_the_decisions(
    moderator_client, application
):
    url = reverse("admin:accounts_professionalapplication_change", args=[application.pk])

    response = moderator_client.get(url)

    assertContains(response, "GMC-7654321")
    assertContains(response, "United Kingdom (GB)")
    assertContains(response, '<option value="approve_selected">Approve…</option>', html=True)
    assertContains(response, '<option value="decline_selected">Decline…</option>', html=True)
