"""Who may moderate: every moderation service checks it first."""

from django.utils.translation import gettext_lazy as _

from forum.errors import Refused


def check_moderator(user):
    """Refused unless `user` is a moderator (a staff account with the forum's
    moderation permission)."""
    if not (user.is_authenticated and user.is_moderator()):
        raise Refused(_("Only moderators can do this."), code="not_moderator")


def check_may_moderate_member(*, moderator, member):
    """Moderators act on members' standing, never on their own or on staff accounts."""
    check_moderator(moderator)
    if member.pk == moderator.pk or member.is_staff or member.is_superuser:
        raise Refused(
            _("Moderators act on members, not on their own or other staff accounts."),
            code="staff_member",
        )
