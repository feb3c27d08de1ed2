from django.core.management.base import BaseCommand, CommandError

from forum.notifications.mail import send_digests


class Command(BaseCommand):
    help = (
        "E-mail the daily digest of new posts they follow to every member who chose it. "
        "Run it once a day (cron); running it again sends nothing twice."
    )

    def handle(self, *args, **options):
        sent, failed = send_digests()
        self.stdout.write(f"Digests sent: {sent}.")
        if failed:
            raise CommandError(f"Digests that could not be sent: {failed} (see the log).")
