"""
Full accounts in the admin, for administrators (superusers) only. A member's standing
is what moderators change, under Member standing (moderation.admin.members), through
services that record each change in the moderation log.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .usernames import stored_skeleton

STANDING_FIELDS = [
    "review_policy",
    "is_suspended",
    "suspended_until",
    "suspension_reason",
    "professional_title",
    "professional_until",
]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Full accounts, for administrators only. A member's standing is changed in Member
    standing, through the services that record each change in the moderation log."""

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Private"), {"fields": ["email"]}),
        (_("Standing"), {"fields": STANDING_FIELDS}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = STANDING_FIELDS
    list_display = ["username", "email", "is_staff", "is_suspended", "review_policy", "date_joined"]
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        "is_suspended",
        "review_policy",
        "groups",
    ]
    search_fields = ["username", "email"]

    def save_model(self, request, obj, form, change):
        # Administrators may give an account any name (an official one included), but
        # its skeleton must follow, so that members cannot then take a lookalike.
        obj.username_skeleton = stored_skeleton(obj.username)
        super().save_model(request, obj, form, change)

    def _is_administrator(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_add_permission(self, request):
        return self._is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_administrator(request)
