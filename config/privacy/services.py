"""
What a member asks for from their data pages, and what that sets going in the task
worker: an export of their data, and the deletion of their account.
"""

from django.db import transaction
from django.utils import timezone

from accounts import privacy as account_privacy
from accounts.models import DataExport

from .tasks import build_data_export, delete_account_when_due, send_deletion_notice


@transaction.atomic
def request_export(*, member, now=None):
    """
    Ask for a new export of `member`'s data; the worker builds it once the
    transaction commits (config.privacy.export.build_export). One is prepared at a
    time: while one is pending, that one is returned. Returns the DataExport.
    """
    pending = DataExport.objects.filter(member=member, status=DataExport.Status.PENDING).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(member=member, requested_at=now or timezone.now())
    transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export


@transaction.atomic
def request_deletion(*, member, mode, now=None):
    """
    Have `member`'s account deleted after the grace period (accounts.privacy
    .request_deletion: they are signed out everywhere, and signing in again cancels
    it), e-mail them that it will be, and, where the task backend can run a task
    later, queue the deletion for the end of the grace period (otherwise, and as a
    safety net, `manage.py purge_old_data` carries it out). Returns the member.
    """
    member = account_privacy.request_deletion(member=member, mode=mode, now=now)
    due = member.deletion_due_at

    def enqueue():
        if delete_account_when_due.get_backend().supports_defer:
            delete_account_when_due.using(run_after=due).enqueue(member.pk)
        send_deletion_notice.enqueue(member.pk)

    transaction.on_commit(enqueue)
    return member
