from django.contrib.admin.apps import AdminConfig


class AskwellAdminConfig(AdminConfig):
    """Django's admin, with Askwell's site as `admin.site`: every `@admin.register`
    lands on it, and it adds the second-factor gate and the moderation metrics."""

    default_site = "config.admin.AskwellAdminSite"
