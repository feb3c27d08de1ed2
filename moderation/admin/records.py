"""Every post and every flag, in every state, for moderators to look things up.
Decisions are made in the queue (moderation.admin.queue)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from forum.models import Flag, Post

from .base import ModeratorOnlyMixin, PostRevisionInline, ReadOnlyMixin
from .display import post_preview


@admin.register(Post)
class PostAdmin(ModeratorOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Every post, in every state, for looking things up. Decisions go through the queue."""

    list_display = ["created_at", "excerpt", "topic", "author", "state", "reviewed_by"]
    list_filter = ["state", "topic__category"]
    # A member's page in Member standing links to all their posts.
    extra_lookups = ("author__id__exact",)
    list_select_related = ["topic", "author", "reviewed_by"]
    search_fields = ["body", "topic__title", "author__username"]
    inlines = [PostRevisionInline]
    fields = [
        "topic",
        "author",
        "state",
        "created_at",
        "reviewed_by",
        "reviewed_at",
        "rejection_reason",
        "content",
    ]
    readonly_fields = fields

    @admin.display(description=_("text"))
    def excerpt(self, post):
        return Truncator(post.body).chars(90)

    @admin.display(description=_("content"))
    def content(self, post):
        return post_preview(post)


class FlagStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("resolved", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(Flag)
class FlagAdmin(ModeratorOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Every flag, to look things up. Decisions are made in the moderation queue."""

    # A member's page in Member standing links to the flags they raised and received.
    extra_lookups = ("flagger__id__exact", "post__author__id__exact")

    list_display = ["created_at", "reason", "post_link", "flagger", "resolution", "resolved_by"]
    list_filter = ["reason", FlagStatusFilter, "resolution"]
    list_select_related = ["post__topic", "post__author", "flagger", "resolved_by"]
    search_fields = ["detail", "flagger__username", "post__topic__title"]
    fields = [
        "created_at",
        "post_link",
        "flagger",
        "reason",
        "detail",
        "resolution",
        "resolved_by",
        "resolved_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("post"))
    def post_link(self, flag):
        url = reverse("admin:forum_post_change", args=[flag.post_id])
        return format_html('<a href="{}">{}</a>', url, Truncator(flag.post.body).chars(60))
