"""Verified health professionals: the moderators' decision on an application
(moderation.professionals), recorded and e-mailed to the member."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import ProfessionalApplication
from forum.errors import Refused
from forum.models import ModerationEvent
from moderation import professionals


def test_approving_verifies_the_member_for_the_configured_time(
    moderator, member, application, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ASKWELL_PROFESSIONAL_VERIFICATION_DAYS = 200

    with django_capture_on_commit_callbacks(execute=True):
        professionals.approve_professional_application(moderator=moderator, application=application)

    member.refresh_from_db()
    until = timezone.localdate() + timedelta(days=200)
    assert (member.professional_title, member.professional_until) == ("Neurologist", until)
    assert member.is_verified_professional
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.member) == (
        ModerationEvent.Action.VERIFY_PROFESSIONAL,
        moderator,
        member,
    )
    assert event.details == {"profession": "Neurologist", "valid_until": until.isoformat()}
    assert [message.to for message in mailoutbox] == [[member.email]]
    assert "You are verified as Neurologist" in mailoutbox[0].subject


def test_declining_needs_a_note_and_tells_the_member(
    moderator, member, application, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(Refused):
        professionals.decline_professional_application(
            moderator=moderator, application=application, note=" "
        )

    with django_capture_on_commit_callbacks(execute=True):
        professionals.decline_professional_application(
            moderator=moderator, application=application, note="Not on the register."
        )

    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.DECLINED
    assert ModerationEvent.objects.get().action == ModerationEvent.Action.DECLINE_PROFESSIONAL
    assert "Not on the register." in mailoutbox[0].body
    member.refresh_from_db()
    assert not member.is_verified_professional


def test_an_application_already_decided_is_refused_and_left_as_it_is(
    moderator, member, application
):
    professionals.decline_professional_application(
        moderator=moderator, application=application, note="Not on the register."
    )

    with pytest.raises(Refused, match="already decided"):
        professionals.approve_professional_application(moderator=moderator, application=application)

    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.DECLINED
    assert ModerationEvent.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "other_member"])
def test_members_cannot_approve_applications(request, who, application):
    with pytest.raises(PermissionDenied):
        professionals.approve_professional_application(
            moderator=request.getfixturevalue(who), application=application
        )

    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.PENDING
