"""A moderator's decision reaches the member even when the mail server was down when
it was made: the notice is tried again until the server is back (accounts.outbox)."""

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from forum.models import Post
from forum.tests.factories import make_reply
from moderation import posts as moderation_posts

pytestmark = pytest.mark.usefixtures("migrated_data")


def test_a_rejection_notice_refused_by_the_mail_server_reaches_the_member_later(
    run_worker, member, moderator, question, monkeypatch, settings, mailoutbox
):
    settings.ASKWELL_EMAIL_RETRY_DELAYS = [60]
    pending = make_reply(topic=question, author=member, state=Post.State.PENDING)
    real_send = EmailMessage.send

    def refuse(message, fail_silently=False):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    moderation_posts.reject_post(post=pending, moderator=moderator, reason="Off topic.")
    run_worker()
    assert mailoutbox == []

    monkeypatch.setattr(EmailMessage, "send", real_send)
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()

    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Off topic." in mailoutbox[0].body
