"""Canned reasons for rejecting a post, edited by moderators in the admin and recorded
in the moderation log."""

import pytest
from pytest_django.asserts import assertNotContains, assertRedirects

from forum.models import ModerationEvent, RejectionReason

from .helpers import refused, review_url

ROLES = ["anonymous", "member", "suspended_member", "staff_member", "moderator"]
REASONS = "/admin/forum/rejectionreason/"


def test_a_moderator_adds_a_canned_reason_and_the_log_records_it(moderator_client, moderator):
    response = moderator_client.post(
        f"{REASONS}add/",
        {
            "title": "Duplicate",
            "text": "Someone asked this already.",
            "position": 3,
            "is_active": "on",
        },
    )

    assertRedirects(response, REASONS)
    assert RejectionReason.objects.filter(title="Duplicate", is_active=True).exists()
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("change_reason", moderator)
    assert event.details["canned_reason"] == "Duplicate"
    assert event.details["added"] is True


def test_a_moderator_stops_offering_a_canned_reason(moderator_client, canned, pending_reply):
    moderator_client.post(
        f"{REASONS}{canned.pk}/change/",
        {"title": canned.title, "text": canned.text, "position": 0},
    )

    canned.refresh_from_db()
    assert not canned.is_active
    assert ModerationEvent.objects.get().details["changed"] == ["is_active"]
    response = moderator_client.get(review_url(pending_reply))
    assertNotContains(response, f'<option value="{canned.pk}">')


def test_a_canned_reason_needs_a_title_and_a_text(moderator_client):
    response = moderator_client.post(f"{REASONS}add/", {"title": "", "text": "", "position": 0})

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("title", "required")
    assert response.context["adminform"].form.has_error("text", "required")
    assert not ModerationEvent.objects.exists()


def test_canned_reasons_cannot_be_deleted(moderator_client, canned):
    response = moderator_client.post(f"{REASONS}{canned.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert RejectionReason.objects.filter(pk=canned.pk).exists()


# Who may change them.


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_canned_reason(db, sign_in, role):
    response = sign_in(role).post(
        f"{REASONS}add/", {"title": "Duplicate", "text": "Asked already.", "position": 0}
    )

    assert RejectionReason.objects.filter(title="Duplicate").exists() == (role == "moderator")
    if role != "moderator":
        assert refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_canned_reason(sign_in, role, canned):
    response = sign_in(role).post(
        f"{REASONS}{canned.pk}/change/", {"title": "Renamed", "text": "New.", "position": 0}
    )

    assert RejectionReason.objects.get(pk=canned.pk).title == (
        "Renamed" if role == "moderator" else "No advertising"
    )
    if role != "moderator":
        assert refused(response, role)
