from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.authenticator_setup import setup_link_instructions
from accounts.models import User


class Command(BaseCommand):
    help = _(
        "Print a one-time, expiring link with which a staff member sets up their "
        "authenticator app. Staff cannot set one up with their password alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No member is called “%(name)s”.") % {"name": username}) from None
        if not user.is_staff:
            raise CommandError(
                _(
                    "%(name)s is not staff: members set up two-factor authentication "
                    "themselves, from their account settings."
                )
                % {"name": username}
            )
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            raise CommandError(
                _(
                    "%(name)s already has an authenticator app. If they lost it, delete it "
                    "first (admin: MFA → Authenticators), then make a new link."
                )
                % {"name": username}
            )
        self.stdout.write(setup_link_instructions(user))
