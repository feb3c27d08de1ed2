from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.authenticator_setup import setup_link_instructions
from accounts.models import User
from accounts.services import grant_moderator, revoke_moderator


class Command(BaseCommand):
    help = _("Make a member a moderator (staff, in the Moderators group), or undo it.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--remove", action="store_true", help=_("Take the moderator role away instead.")
        )

    def handle(self, *args, username, remove, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No member is called “%(name)s”.") % {"name": username}) from None
        if remove:
            revoke_moderator(user=user)
            self.stdout.write(_("%(name)s is no longer a moderator.") % {"name": username})
        else:
            grant_moderator(user=user)
            self.stdout.write(
                _("%(name)s is now a moderator and can sign in at %(url)s.")
                % {"name": username, "url": reverse("admin:index")}
            )
            if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
                self.stdout.write(
                    _(
                        "They already have an authenticator app, set up as a member, and "
                        "sign in with it."
                    )
                )
            else:
                self.stdout.write(setup_link_instructions(user))
