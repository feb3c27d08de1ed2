from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site as a whole: what belongs to no single app (the demo data command, the
    deployment checks)."""

    name = "config"
    label = "site"
    verbose_name = _("Askwell")
    default = True

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)


class AskwellAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with Askwell's site as `admin.site`: every `@admin.register`
    lands on it, and it adds the second-factor gate and the moderation metrics."""

    default = False

    default_site = "config.admin.AskwellAdminSite"
