"""
How long Askwell keeps what it keeps (the privacy notice says the same in words), and
the one job that enforces it: `manage.py purge_old_data`, run daily from cron.
"""

from datetime import timedelta
from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from forum.drafts import purge_drafts
from forum.notifications.inbox import purge_notifications

from .deletion import delete_due_accounts
from .export import purge_expired_exports


def purge_task_results(*, now):
    """Finished task records older than ASKWELL_TASK_RESULT_RETENTION_DAYS."""
    cutoff = now - timedelta(days=settings.ASKWELL_TASK_RESULT_RETENTION_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted


def purge_sessions():
    """Expired sessions (Django's clearsessions), and the devices list's records of
    sessions that no longer exist."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        gone = UserSession.objects.exclude(session_key__in=Session.objects.values("session_key"))
        deleted, _ = gone.delete()
        return deleted
    return 0


def purge_old_data(*, now=None):
    """
    Everything kept past its time, in one run: accounts whose deletion's grace period
    is over, expired data exports, old notifications, finished task records,
    expired sessions and old drafts. Safe to run again. Returns what it did, by name.
    """
    now = now or timezone.now()
    deleted, failed = delete_due_accounts(now)
    return {
        "accounts deleted": deleted,
        "account deletions failed": failed,
        "data exports expired": purge_expired_exports(now),
        "notifications": purge_notifications(now=now),
        "task records": purge_task_results(now=now),
        "device records of ended sessions": purge_sessions(),
        "drafts": purge_drafts(now=now),
    }
