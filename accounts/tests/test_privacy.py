"""Asking for one's account to be deleted (accounts.privacy): the grace period, signing
in again to cancel it, and being signed out everywhere."""

import datetime

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts import privacy
from accounts.tests.factories import PASSWORD


def test_asking_for_deletion_sets_the_date_after_the_grace_period(member, settings):
    settings.ASKWELL_DELETION_GRACE_DAYS = 7
    now = timezone.now()

    privacy.request_deletion(member=member, mode="remove_posts", now=now)

    assert member.deletion_due_at == now + datetime.timedelta(days=7)
    assert member.deletion_mode == "remove_posts"


def test_asking_for_deletion_signs_the_member_out_everywhere(client, member):
    client.force_login(member)
    key = client.session.session_key
    UserSession.objects.create(user=member, session_key=key, ip="192.0.2.1", user_agent="x")

    privacy.request_deletion(member=member, mode="keep_posts")

    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(user=member).exists()


def test_signing_in_again_cancels_the_deletion(client, member):
    privacy.request_deletion(member=member, mode="keep_posts")

    response = client.post(
        reverse("account_login"), {"login": member.username, "password": PASSWORD}, follow=True
    )

    member.refresh_from_db()
    assert member.deletion_due_at is None
    assert member.deletion_mode == ""
    assert "your account will not be deleted" in response.text


def test_only_members_past_their_grace_period_are_due(member, other_member):
    now = timezone.now()
    privacy.request_deletion(member=member, mode="keep_posts", now=now - datetime.timedelta(days=8))
    privacy.request_deletion(member=other_member, mode="keep_posts", now=now)

    assert list(privacy.members_due_for_deletion(now)) == [member]


def test_the_export_leaves_out_secrets(member):
    data = privacy.export_account(member)

    assert "password" not in str(data).lower()
    assert data["username"] == "patient_pat"
    assert data["email_addresses"] == [
        {"email": "patient_pat@example.org", "verified": True, "primary": True}
    ]
