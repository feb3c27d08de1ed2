"""Signed-in devices, /accounts/sessions/ (allauth.usersessions in the site's design):
each device and when it was last used, and signing out everywhere else."""

import time

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.sessions import SEEN_KEY

URL = reverse("usersessions_list")


def signed_in_elsewhere(user, agent):
    other = Client(HTTP_USER_AGENT=agent)
    other.force_login(user)
    UserSession.objects.create(
        user=user, session_key=other.session.session_key, ip="198.51.100.4", user_agent=agent
    )
    return other


@pytest.mark.parametrize("role", ["member", "suspended_member", "moderator"])
def test_members_see_their_signed_in_devices(db, sign_in, request, role):
    client = sign_in(role)
    signed_in_elsewhere(request.getfixturevalue(role), "Phone Browser 1.0")

    response = client.get(URL)

    assertContains(response, "Phone Browser 1.0")


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302


def test_a_member_does_not_see_another_members_devices(client, member, other_member):
    signed_in_elsewhere(other_member, "Olga's Tablet")
    client.force_login(member)

    response = client.get(URL)

    assert "Olga's Tablet" not in response.text


def test_signing_out_everywhere_else_ends_the_other_sessions(client, member):
    client.force_login(member)
    client.get(URL)  # notes this device
    other = signed_in_elsewhere(member, "Phone Browser 1.0")

    client.post(URL)

    assert not Session.objects.filter(session_key=other.session.session_key).exists()
    assert client.get(URL).status_code == 200


def test_a_request_notes_the_devices_last_use_at_most_every_few_minutes(client, member):
    client.force_login(member)
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 3600
    session.save()

    client.get("/", HTTP_USER_AGENT="Desk Browser 2.0")
    client.get("/", HTTP_USER_AGENT="Another Browser 3.0")

    assert UserSession.objects.get(user=member).user_agent == "Desk Browser 2.0"


def test_a_fresh_sign_in_waits_before_noting_the_device(client, member):
    client.force_login(member)
    client.get("/")

    assert not UserSession.objects.exists()
