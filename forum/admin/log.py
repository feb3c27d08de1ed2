from django.contrib import admin

from ..models import (
    ModerationEvent,
)
from .base import (
    ModeratorOnlyMixin,
    ReadOnlyMixin,
)


@admin.register(ModerationEvent)
class ModerationEventAdmin(ModeratorOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "moderator", "post", "reason"]
    list_filter = ["action", ("moderator", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["moderator", "post__author", "post__topic"]
    readonly_fields = ["created_at", "action", "moderator", "post", "reason"]
