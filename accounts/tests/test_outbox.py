"""
Every e-mail leaves through the task queue (accounts.outbox): pages never wait on the
mail server, and a mail server that refuses, drops or hangs only delays a message,
which is tried again with growing delays, then recorded as failed for the admins.
"""

import smtplib
import socket
import threading
import time

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import outbox
from accounts.tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD_RESET_URL = reverse("account_reset_password")


@pytest.fixture
def mail_server_down(monkeypatch):
    """The mail server refuses every connection until `.restore()` is called."""

    class MailServer:
        attempts = 0

        def __init__(self):
            self.real_send = EmailMessage.send

            def refuse(message, fail_silently=False):
                MailServer.attempts += 1
                raise ConnectionRefusedError(111, "Connection refused")

            monkeypatch.setattr(EmailMessage, "send", refuse)

        def restore(self):
            monkeypatch.setattr(EmailMessage, "send", self.real_send)

    return MailServer()


def time_passes():
    """The delay before the next attempt is over."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def a_message(to="pat@example.org"):
    return EmailMessage(subject="Your post was published", body="Hello Pat.", to=[to])


def test_a_message_survives_the_round_trip_through_the_task_arguments():
    message = a_message()
    message.extra_headers["List-Unsubscribe"] = "<https://askwell.example/u/x>"
    message = mail.EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        to=message.to,
        headers=message.extra_headers,
        reply_to=["help@askwell.example"],
    )
    message.attach_alternative("<p>Hello Pat.</p>", "text/html")

    rebuilt = outbox.deserialize(outbox.serialize(message))

    assert rebuilt.subject == "Your post was published"
    assert rebuilt.to == ["pat@example.org"]
    assert rebuilt.reply_to == ["help@askwell.example"]
    assert rebuilt.extra_headers == {"List-Unsubscribe": "<https://askwell.example/u/x>"}
    assert rebuilt.alternatives[0][0] == "<p>Hello Pat.</p>"


def test_a_refused_message_is_delivered_on_a_later_attempt(
    run_worker, mail_server_down, settings, mailoutbox
):
    settings.ASKWELL_EMAIL_RETRY_DELAYS = [60, 300]
    outbox.send(a_message())

    run_worker()

    assert mailoutbox == []
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.args_kwargs["args"][1] == 2  # the second attempt
    assert 55 <= (waiting.run_after - timezone.now()).total_seconds() <= 60

    mail_server_down.restore()
    time_passes()
    run_worker()

    assert [m.subject for m in mailoutbox] == ["Your post was published"]
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_a_message_never_accepted_is_recorded_as_failed_after_the_last_attempt(
    run_worker, mail_server_down, settings, mailoutbox
):
    settings.ASKWELL_EMAIL_RETRY_DELAYS = [60, 300]
    outbox.send(a_message())

    for _ in range(3):
        run_worker()
        time_passes()

    assert mail_server_down.attempts == 3
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "accounts.outbox.UndeliverableEmail"
    assert "after 3 attempt(s)" in failed.traceback
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert mailoutbox == []


def test_a_recipient_the_server_refuses_for_good_is_not_tried_again(
    run_worker, monkeypatch, mailoutbox
):
    def refuse_recipient(message, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({"pat@example.org": (550, b"No such user")})

    monkeypatch.setattr(EmailMessage, "send", refuse_recipient)
    outbox.send(a_message())

    run_worker()

    assert DBTaskResult.objects.get().status == "FAILED"


def test_a_mail_server_that_never_answers_only_delays_the_message(run_worker, settings):
    """A server that accepts the connection and then says nothing holds the worker for
    the SMTP timeout, and the message is tried again later."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": listener.getsockname()[1], "timeout": 1},
        }
    }
    outbox.send(a_message())

    started = time.monotonic()
    run_worker()
    elapsed = time.monotonic() - started

    listener.close()
    assert accepted, "the worker did connect to the mail server"
    assert elapsed < 5
    assert DBTaskResult.objects.get(status="READY").args_kwargs["args"][1] == 2


# In requests: nothing waits on the mail server.


def test_signing_up_while_the_mail_server_is_down_works_and_the_confirmation_follows(
    client, run_worker, mail_server_down, mailoutbox
):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "hana@example.org",
            "username": "hopeful_hana",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert mail_server_down.attempts == 0  # the page did not try
    mail_server_down.restore()
    run_worker()
    assert mailoutbox[0].to == ["hana@example.org"]
    assert "confirm" in mailoutbox[0].body.lower()


def test_a_password_reset_while_the_mail_server_is_down_answers_and_the_link_follows(
    client, run_worker, mail_server_down, mailoutbox
):
    MemberFactory(username="patient_pat", email="patient_pat@example.org")

    response = client.post(PASSWORD_RESET_URL, {"email": "patient_pat@example.org"})

    assert response.status_code == 302
    assert mail_server_down.attempts == 0
    mail_server_down.restore()
    run_worker()
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_adding_an_address_while_the_mail_server_is_down_answers(
    client, run_worker, mail_server_down, mailoutbox
):
    member = MemberFactory(username="patient_pat", email="patient_pat@example.org")
    client.force_login(member)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "pat.new@example.org"}
    )

    assert response.status_code == 302
    assert mail_server_down.attempts == 0
    mail_server_down.restore()
    run_worker()
    assert {m.to[0] for m in mailoutbox} >= {"pat.new@example.org"}
