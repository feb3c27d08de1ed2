from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from forum.models import Post

from .models import Member, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Full accounts, for administrators. Moderators work with Member standing."""

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Private"), {"fields": ["email"]}),
        (_("Standing"), {"fields": ["review_policy", "is_suspended"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
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


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """What moderators may see and change of a member: the pseudonym and standing,
    never the e-mail address."""

    list_display = [
        "username",
        "date_joined",
        "approved_posts",
        "review_policy",
        "is_suspended",
    ]
    list_filter = ["review_policy", "is_suspended"]
    search_fields = ["username"]
    fields = ["username", "date_joined", "approved_posts", "review_policy", "is_suspended"]
    readonly_fields = ["username", "date_joined", "approved_posts"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(is_staff=False, is_superuser=False)
            .annotate(
                approved_post_count=Count("posts", filter=Q(posts__state=Post.State.APPROVED))
            )
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("approved posts"), ordering="approved_post_count")
    def approved_posts(self, member):
        return member.approved_post_count
