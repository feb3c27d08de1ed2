from django.core.management.base import BaseCommand

from config.privacy.retention import purge_old_data


class Command(BaseCommand):
    help = (
        "Carry out account deletions whose grace period is over, and delete expired data "
        "exports, notifications older than ASKWELL_NOTIFICATION_RETENTION_DAYS, finished "
        "task records older than ASKWELL_TASK_RESULT_RETENTION_DAYS, expired sessions and "
        "drafts older than ASKWELL_DRAFT_RETENTION_DAYS. Run it daily from cron: "
        "'15 3 * * * cd /srv/askwell && .venv/bin/python manage.py purge_old_data'."
    )

    def handle(self, *args, **options):
        done = purge_old_data()
        for what, count in done.items():
            self.stdout.write(f"{what}: {count}")
        if done["account deletions failed"]:
            self.stderr.write("Some account deletions failed: see the log.")
            raise SystemExit(1)
