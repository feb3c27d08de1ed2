from django.conf import settings
from django.core.management.base import BaseCommand

from forum.drafts import purge_drafts


class Command(BaseCommand):
    help = (
        "Delete members' drafts left untouched for ASKWELL_DRAFT_RETENTION_DAYS days. "
        "Run it once a day, for example from cron: "
        "'30 3 * * * cd /srv/askwell && .venv/bin/python manage.py purge_drafts', "
        "or a systemd timer."
    )

    def handle(self, *args, **options):
        deleted = purge_drafts()
        days = settings.ASKWELL_DRAFT_RETENTION_DAYS
        self.stdout.write(f"Deleted {deleted} draft(s) older than {days} days.")
