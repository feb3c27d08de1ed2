"""
The task worker outlives the database: when queries fail because the database went
away, it waits and carries on, and the task the outage cut short runs again.
"""

import pytest
from django.core import mail
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from accounts import outbox
from config.management.commands import db_worker
from forum.models import Notification
from forum.notifications import follows
from forum.notifications import mail as notification_mail
from forum.notifications.tasks import notify_followers
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.usefixtures("migrated_data")


@pytest.fixture(autouse=True)
def short_pauses(monkeypatch):
    monkeypatch.setattr(db_worker, "FIRST_PAUSE", 0.01)
    monkeypatch.setattr(db_worker, "LONGEST_PAUSE", 0.02)


def database_away_for(monkeypatch, target, name, times):
    """`target.name` raises the error a dropped connection gives, `times` times."""
    real = getattr(target, name)
    calls = {"failed": 0}

    def flaky(*args, **kwargs):
        if calls["failed"] < times:
            calls["failed"] += 1
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, flaky)
    return calls


def a_message():
    return mail.EmailMessage(subject="Your post was published", body="Hi.", to=["p@example.org"])


def test_the_worker_waits_out_a_database_outage_and_then_sends_the_mail(run_worker, monkeypatch):
    outbox.send(a_message())
    outage = database_away_for(monkeypatch, DBTaskResultQuerySet, "get_locked", times=5)

    run_worker()

    assert outage["failed"] == 5
    assert [m.subject for m in mail.outbox] == ["Your post was published"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_task_cut_short_by_the_outage_runs_again_once_the_database_is_back(
    run_worker, monkeypatch, follower, settings
):
    question = make_question()
    follows.follow_topic(member=follower, topic=question)
    reply = make_reply(topic=question)
    notify_followers.enqueue(reply.pk)
    database_away_for(monkeypatch, notification_mail, "_verified_address", times=1)
    # The first run fails inside the task; queued again, it waits out a pause.
    monkeypatch.setattr(db_worker, "LONGEST_PAUSE", 0)

    run_worker()
    run_worker()

    assert Notification.objects.get().emailed_at is not None
    assert [m.to for m in mail.outbox] == [[follower.email]]
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


def test_a_task_that_keeps_failing_on_the_database_is_left_failed_in_the_end(
    run_worker, monkeypatch, settings
):
    settings.ASKWELL_TASK_DATABASE_RETRIES = 2
    monkeypatch.setattr(db_worker, "LONGEST_PAUSE", 0)
    outbox.send(a_message())
    database_away_for(monkeypatch, outbox, "deserialize", times=100)

    for _ in range(4):
        run_worker()

    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    assert len(task.worker_ids) == 3


def test_a_task_running_when_the_connection_dropped_is_put_back_in_the_queue(
    run_worker, monkeypatch
):
    outbox.send(a_message())
    # The task ran, but recording its result failed: the connection dropped.
    database_away_for(monkeypatch, DBTaskResult, "set_successful", times=1)
    monkeypatch.setattr(db_worker, "LONGEST_PAUSE", 0)

    run_worker()
    run_worker()

    # Delivered again rather than never: at least once.
    assert len(mail.outbox) == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failing_task_that_is_not_about_the_database_is_not_run_again(run_worker, monkeypatch):
    reply = make_reply(topic=make_question())

    def broken(**kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("forum.notifications.tasks.create_notifications", broken)
    notify_followers.enqueue(reply.pk)

    run_worker()
    run_worker()

    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    assert len(task.worker_ids) == 1
