from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Every moderator decision, the review queue, the audit trail and the admin pages
    moderators work in. It has no models of its own: it decides on the forum's and the
    accounts' (README, "Layout": the app above forum, articles and accounts)."""

    name = "moderation"
    verbose_name = _("Moderation")
