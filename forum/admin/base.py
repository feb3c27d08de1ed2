from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import (
    Post,
    PostRevision,
)


def _approved_count_of_author():
    approved = (
        Post.objects.filter(author=OuterRef("author"), state=Post.State.APPROVED)
        .order_by()
        .values("author")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(approved), 0)


class ModeratorOnlyMixin:
    """Admin pages for moderators: gated by the forum's moderation permission."""

    def has_module_permission(self, request):
        return (
            request.user.is_active
            and request.user.is_staff
            and request.user.has_perm("forum.moderate_post")
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReadOnlyMixin:
    """A record to look things up in: decisions are made through the queue."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ShownNotSubmittedFormSet(BaseInlineFormSet):
    """Rows shown beside a page's own form for reading only. They are never bound to
    what the browser sends, so the page's form saves whether or not they came along."""

    def __init__(self, data=None, files=None, **kwargs):
        super().__init__(None, None, **kwargs)
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []

    def is_valid(self):
        return True

    def save(self, commit=True):
        return []


class ModeratorReadOnlyInline(admin.StackedInline):
    """Related records moderators read on a post's page and never change."""

    formset = ShownNotSubmittedFormSet
    extra = 0
    max_num = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return ModeratorOnlyMixin.has_module_permission(self, request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PostRevisionInline(ModeratorReadOnlyInline):
    """A post's earlier versions, newest first, with who replaced each and when."""

    model = PostRevision
    fields = ["created_at", "edited_by", "title", "body"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("edited_by").order_by("-created_at", "-pk")
        )


def post_preview(post):
    # body_html is the stored output of markup.render: Markdown already sanitized by
    # bleach's allowlist, the one HTML the site ever marks safe.
    return format_html('<div class="askwell-post-preview">{}</div>', mark_safe(post.body_html))  # noqa: S308
