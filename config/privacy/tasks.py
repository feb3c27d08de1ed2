"""
What the task worker does for members' data: build an export, and carry out a
deletion once its grace period is over. The workers get ids, never model instances.
"""

from django.tasks import task

from . import deletion, export


@task
def build_data_export(export_id):
    """Build a member's data export (config.privacy.export.build_export)."""
    export.build_export(export_id=export_id)


@task
def delete_account_when_due(member_id):
    """Delete a member's account if its grace period is over and they did not sign in
    again since (config.privacy.deletion.delete_if_due). Queued to run when the grace
    period ends, where the task backend can defer; `manage.py purge_old_data` does the
    same from cron."""
    deletion.delete_if_due(member_id=member_id)


@task
def send_deletion_notice(member_id):
    """E-mail a member that their account will be deleted, and how to keep it."""
    deletion.send_deletion_notice(member_id=member_id)
