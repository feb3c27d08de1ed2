"""
Notifications delivered end to end through the real task queue: the database
backend stores the task when the reply's transaction commits, and only the worker
(`manage.py db_worker`) notifies the followers and sends the e-mail.
"""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.models import Notification, Post
from forum.notifications import follows
from forum.notifications import mail as notification_mail
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.usefixtures("migrated_data")


@pytest.fixture
def trusted_member():
    author = MemberFactory(username="trusted_tom")
    topic = make_question(author=author, title="An earlier question of mine")
    make_reply(topic=topic, author=author)
    return author


def test_a_published_reply_reaches_its_followers_through_the_worker(
    run_worker, follower, trusted_member
):
    question = make_question(title="Does anyone else feel tired after infusions?")
    follows.follow_topic(member=follower, topic=question)

    reply = asking.reply(
        author=trusted_member, topic=question, body="Yes, for a day or two; rest helps."
    )

    assert reply.state == Post.State.APPROVED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not Notification.objects.exists()
    assert mail.outbox == []

    run_worker()

    notification = Notification.objects.get()
    assert (notification.recipient, notification.post) == (follower, reply)
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fay@example.org"]
    assert mail.outbox[0].subject == "[Askwell] trusted_tom replied to a question you follow"
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_a_reply_hidden_before_the_worker_runs_notifies_no_one(
    run_worker, follower, trusted_member
):
    question = make_question()
    follows.follow_topic(member=follower, topic=question)
    reply = asking.reply(author=trusted_member, topic=question, body="Short walks helped me most.")
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)

    run_worker()

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_an_email_failing_for_one_member_does_not_stop_the_others(
    run_worker, trusted_member, monkeypatch
):
    question = make_question()
    first, second = MemberFactory(username="first_fi"), MemberFactory(username="second_sy")
    for member in (first, second):
        follows.follow_topic(member=member, topic=question)
    real_send = notification_mail._message

    def failing_for_first(*, member, **kwargs):
        if member == first:
            raise ConnectionRefusedError
        return real_send(member=member, **kwargs)

    monkeypatch.setattr(notification_mail, "_message", failing_for_first)
    asking.reply(author=trusted_member, topic=question, body="Rest and patience.")

    run_worker()

    assert Notification.objects.count() == 2
    assert [message.to for message in mail.outbox] == [[second.email]]
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert Notification.objects.get(recipient=first).emailed_at is None
