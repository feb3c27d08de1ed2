"""`manage.py purge_old_data`: what Askwell keeps is deleted when its time is up."""

import datetime
import io

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from forum import drafts
from forum.models import Draft, Notification
from forum.notifications import inbox
from forum.tests.factories import make_reply

OLD = timezone.now() - datetime.timedelta(days=400)


def purge():
    out = io.StringIO()
    call_command("purge_old_data", stdout=out)
    return out.getvalue()


def test_old_notifications_go_and_recent_ones_stay(followed, follower):
    inbox.create_notifications(post_id=make_reply(topic=followed).pk)
    inbox.create_notifications(post_id=make_reply(topic=followed).pk)
    old = Notification.objects.first()
    Notification.objects.filter(pk=old.pk).update(created_at=OLD)

    output = purge()

    assert "notifications: 1" in output
    assert Notification.objects.count() == 1
    assert not Notification.objects.filter(pk=old.pk).exists()


def test_old_drafts_go(member):
    drafts.save_draft(author=member, title="Half a thought", body="Started")
    Draft.objects.update(updated_at=OLD)

    assert "drafts: 1" in purge()
    assert not Draft.objects.exists()


def test_finished_task_records_go_after_their_time(member, database_task_queue):
    from config.privacy.tasks import send_deletion_notice

    result = send_deletion_notice.enqueue(member.pk)
    DBTaskResult.objects.filter(pk=result.id).update(status="SUCCESSFUL", finished_at=OLD)

    assert "task records: 1" in purge()
    assert not DBTaskResult.objects.exists()


def test_task_records_still_to_run_stay(member, database_task_queue):
    from config.privacy.tasks import send_deletion_notice

    send_deletion_notice.enqueue(member.pk)

    purge()

    assert DBTaskResult.objects.count() == 1


def test_expired_sessions_and_their_device_records_go(client, member):
    client.force_login(member)
    key = client.session.session_key
    UserSession.objects.create(user=member, session_key=key, ip="192.0.2.1", user_agent="x")
    Session.objects.filter(session_key=key).update(expire_date=OLD)

    output = purge()

    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.exists()
    assert "device records of ended sessions: 1" in output
