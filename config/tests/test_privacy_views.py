"""The page to delete one's account, /accounts/privacy/delete/: explained, confirmed
with the password (and the second factor where it is on); then signed out, with the
deletion carried out after the grace period unless the member signs in again."""

import datetime
import io
import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.tests import staff
from accounts.tests.factories import PASSWORD
from forum.tests.factories import make_question

URL = reverse("privacy-delete")


def confirm(client, mode="remove_posts", password=PASSWORD):
    return client.post(URL, {"mode": mode, "password": password})


@pytest.mark.parametrize("role", ["member", "suspended_member"])
def test_members_see_what_deleting_does(db, sign_in, role):
    response = sign_in(role).get(URL)

    assert response.status_code == 200
    assert "What happens" in response.text
    assert "Former member" in response.text


def test_visitors_are_sent_to_sign_in(client, db):
    assert client.get(URL).url.startswith(reverse("account_login"))
    assert client.post(URL, {"mode": "remove_posts"}).url.startswith(reverse("account_login"))


def test_the_right_password_schedules_the_deletion_and_signs_out(client, member, settings):
    settings.ASKWELL_DELETION_GRACE_DAYS = 7
    client.force_login(member)

    response = confirm(client, mode="keep_posts")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.deletion_mode == "keep_posts"
    assert member.deletion_due_at > timezone.now() + datetime.timedelta(days=6)
    assert "_auth_user_id" not in client.session


def test_the_member_is_emailed_how_to_keep_their_account(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["patient_pat@example.org"]
    assert "sign in before then" in mail.outbox[0].body


def test_a_wrong_password_deletes_nothing(client, member):
    client.force_login(member)

    response = confirm(client, password="not-my-password")

    assert response.status_code == 400
    assert "That is not your password" in response.text
    member.refresh_from_db()
    assert member.deletion_due_at is None


@pytest.mark.parametrize(
    "data",
    [
        {"password": PASSWORD},
        {"mode": "everything", "password": PASSWORD},
        {"mode": "remove_posts"},
    ],
    ids=["no mode", "unknown mode", "no password"],
)
def test_an_incomplete_form_deletes_nothing(client, member, data):
    client.force_login(member)

    response = client.post(URL, data)

    assert response.status_code == 400
    member.refresh_from_db()
    assert member.deletion_due_at is None


def test_with_two_factor_on_the_member_first_confirms_with_their_authenticator(client, member):
    staff.give_totp(member)
    client.force_login(member)

    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))


def test_with_a_fresh_second_factor_the_password_confirms_it(client, member):
    from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY

    staff.give_totp(member)
    client.force_login(member)
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(member.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {
            "method": "mfa",
            "at": time.time(),
            "reauthenticated": True,
            "id": Authenticator.objects.get(user=member).pk,
            "type": "totp",
        }
    ]
    session.save()

    confirm(client)

    member.refresh_from_db()
    assert member.deletion_due_at is not None


def test_nothing_is_deleted_during_the_grace_period(client, member):
    make_question(author=member)
    client.force_login(member)
    confirm(client)

    call_command("purge_old_data", stdout=io.StringIO())

    member.refresh_from_db()
    assert member.deletion_due_at is not None


def test_after_the_grace_period_the_cron_job_deletes_the_account(client, member):
    make_question(author=member)
    client.force_login(member)
    confirm(client)
    type(member).objects.filter(pk=member.pk).update(
        deletion_due_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("purge_old_data", stdout=io.StringIO())

    assert not type(member).objects.filter(pk=member.pk).exists()


def test_the_worker_deletes_the_account_when_the_grace_period_ends(
    migrated_data, client, member, run_worker, django_capture_on_commit_callbacks
):
    # The worker closes its database connections: a transactional test, as the
    # forum's worker tests are.
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client)
    run_worker()
    assert type(member).objects.filter(pk=member.pk).exists()  # not due yet

    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    type(member).objects.filter(pk=member.pk).update(deletion_due_at=timezone.now())
    run_worker()

    assert not type(member).objects.filter(pk=member.pk).exists()


def test_signing_in_during_the_grace_period_keeps_the_account(client, member):
    client.force_login(member)
    confirm(client)

    client.post(reverse("account_login"), {"login": member.username, "password": PASSWORD})
    call_command("purge_old_data", stdout=io.StringIO())

    member.refresh_from_db()
    assert member.deletion_due_at is None
