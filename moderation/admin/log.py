import datetime
import re

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from forum.models import ModerationEvent

from .base import ModeratorOnlyMixin, ReadOnlyMixin

# Where a record's target can be looked up, while it still exists.
TARGET_PAGES = [
    ("post_id", "admin:forum_post_change", _("post")),
    ("topic_id", "admin:forum_topic_change", _("question")),
    ("member_id", "admin:accounts_member_change", _("member")),
]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}.*)?$")


def readable(value):
    """A detail as moderators read it: an ISO date or time ("2026-12-06T13:05:09.123+00:00",
    as the services store them) in words ("6 December 2026, 13:05")."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return date_format(parsed.date(), "j F Y")
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return date_format(parsed, "j F Y, H:i")
    if isinstance(value, list):
        return ", ".join(str(readable(item)) for item in value) or "—"
    return value


@admin.register(ModerationEvent)
class ModerationEventAdmin(ModeratorOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    """The audit trail: who did what, on which post, question or member, why and when.
    Moderators and administrators read it; nobody adds, changes or deletes a record
    here (ReadOnlyMixin refuses every change, POSTs included, even to superusers)."""

    list_display = ["created_at", "by", "action", "target_links", "reason", "details_text"]
    list_display_links = ["created_at"]
    list_filter = [
        "action",
        ("moderator", admin.RelatedOnlyFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["moderator"]
    search_fields = ["target", "reason", "member_pseudonym", "moderator_pseudonym"]
    list_per_page = 50
    # No bulk actions, not even "delete selected".
    actions = None
    fields = ["created_at", "by", "action", "target_links", "reason", "details_text"]
    readonly_fields = fields

    @admin.display(description=_("by"), ordering="moderator__username")
    def by(self, event):
        if event.moderator is not None:
            return event.moderator.username
        if event.moderator_pseudonym:
            return event.moderator_pseudonym
        if event.action == ModerationEvent.Action.HIDE:
            return _("Askwell, after members' flags")
        return _("(account since removed)")

    @admin.display(description=_("on"))
    def target_links(self, event):
        links = format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse(url_name, args=[getattr(event, field)]), label)
                for field, url_name, label in TARGET_PAGES
                if getattr(event, field) is not None
            ),
        )
        if event.member_pseudonym:
            # A member who deleted their account: the pseudonym links their entries.
            links = format_html(
                "{}{}{}",
                links,
                " · " if links else "",
                _("former member %(pseudonym)s") % {"pseudonym": event.member_pseudonym},
            )
        if not links:
            return event.target or "—"
        return format_html("{} ({})", event.target, links)

    @admin.display(description=_("details"))
    def details_text(self, event):
        if not event.details:
            return "—"
        return "; ".join(
            f"{key}: {readable(value)}" for key, value in sorted(event.details.items())
        )
