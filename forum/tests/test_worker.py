"""
Notifications delivered end to end through the real task queue: the database
backend stores the task when the reply's transaction commits, and only the worker
(`manage.py db_worker`) notifies the followers and sends the e-mail.
"""

import io
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.models import Category, Notification, Post
from forum.notifications import follows
from forum.notifications import mail as notification_mail
from forum.tests.factories import make_question, make_reply
from moderation import posts as moderation_posts

pytestmark = pytest.mark.usefixtures("migrated_data")


@pytest.fixture(autouse=True)
def database_task_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _keep_signal_handlers():
    """The worker installs its own Ctrl-C handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def run_worker():
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        verbosity=0,
        stdout=io.StringIO(),
    )


@pytest.fixture
def follower():
    return MemberFactory(username="follower_fay", email="fay@example.org")


@pytest.fixture
def trusted_member():
    author = MemberFactory(username="trusted_tom")
    topic = make_question(author=author, title="An earlier question of mine")
    make_reply(topic=topic, author=author)
    return author


def test_a_published_reply_reaches_its_followers_through_the_worker(follower, trusted_member):
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
    assert "Does anyone else feel tired after infusions?" in mail.outbox[0].subject
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_an_approved_question_reaches_its_category_followers_through_the_worker(
    follower, always_review_member, moderator
):
    category = Category.objects.order_by("position").first()
    follows.follow_category(member=follower, category=category)
    topic = asking.ask_question(
        author=always_review_member,
        category=category,
        title="Is it normal to feel worse before better?",
        body="My doctor changed my treatment and the first weeks are hard.",
    )
    run_worker()
    assert not Notification.objects.exists()

    moderation_posts.approve_post(post=topic.opening_post, moderator=moderator)
    assert mail.outbox == []
    run_worker()

    assert Notification.objects.get().recipient == follower
    assert mail.outbox[0].subject == (
        "[Askwell] New question: “Is it normal to feel worse before better?”"
    )


def test_a_reply_hidden_before_the_worker_runs_notifies_no_one(follower, trusted_member):
    question = make_question()
    follows.follow_topic(member=follower, topic=question)
    reply = asking.reply(author=trusted_member, topic=question, body="Short walks helped me most.")
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)

    run_worker()

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_an_email_failing_for_one_member_does_not_stop_the_others(trusted_member, monkeypatch):
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
