from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import avatars, privacy

        avatars.configure_pillow()
        # A documented reaction to Django's own sign-in signal: a member who signs in
        # again while their account waits to be deleted keeps it (accounts.privacy).
        user_logged_in.connect(privacy.on_signed_in, dispatch_uid="accounts.privacy.on_signed_in")
