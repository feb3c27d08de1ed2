"""The forum's categories in the admin, for administrators. Moderators' pages (the
queue, questions, posts and flags) are the moderation app's."""

from django.contrib import admin

from .models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "question_count", "reply_count", "last_activity_at"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
