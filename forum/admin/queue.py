from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..models import (
    PendingPost,
    Post,
)
from .base import (
    ModeratorOnlyMixin,
    PostRevisionInline,
    _approved_count_of_author,
    post_preview,
)


class ReviewForm(forms.ModelForm):
    """A moderator's decision on one pending post."""

    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve and publish")), (REJECT, _("Reject (not published)"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when rejecting. The author receives it by e-mail."),
    )

    class Meta:
        model = PendingPost
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",
                forms.ValidationError(
                    _("Give the author a reason; it is sent to them by e-mail."),
                    code="reason_required",
                ),
            )
        return cleaned


class RejectSelectedForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Each author receives this reason by e-mail."),
        error_messages={"required": _("Give the authors a reason; it is sent by e-mail.")},
    )


@admin.register(PendingPost)
class PendingPostAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """The moderation queue: pending posts, oldest first."""

    form = ReviewForm
    list_display = ["created_at", "excerpt", "question", "kind", "author_link", "standing"]
    list_display_links = ["excerpt"]
    list_filter = ["topic__category"]
    list_per_page = 50
    ordering = ["created_at", "pk"]
    actions = ["approve_selected", "reject_selected"]
    inlines = [PostRevisionInline]
    readonly_fields = ["question", "kind", "author_link", "standing", "created_at", "content"]
    fieldsets = [
        (None, {"fields": ["question", "kind", "author_link", "standing", "created_at"]}),
        (_("What they wrote"), {"fields": ["content"]}),
        (_("Your decision"), {"fields": ["decision", "reason"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .pending()
            .select_related("author", "topic__category", "topic__opening_post")
            .annotate(author_approved_count=_approved_count_of_author())
            .order_by("created_at", "pk")
        )

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("Posts waiting for review, oldest first"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "title": _("Review a post"),
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("text"))
    def excerpt(self, post):
        return Truncator(post.body).chars(60)

    @admin.display(description=_("question"), ordering="topic__title")
    def question(self, post):
        return format_html(
            '<a href="{}">{}</a> <span class="askwell-muted">({})</span>',
            post.topic.get_absolute_url(),
            post.topic.title,
            post.topic.category.name,
        )

    @admin.display(description=_("kind"))
    def kind(self, post):
        return _("New question") if post.is_opening else _("Reply")

    @admin.display(description=_("author"), ordering="author__username")
    def author_link(self, post):
        url = reverse("admin:accounts_member_change", args=[post.author_id])
        return format_html('<a href="{}">{}</a>', url, post.author.username)

    @admin.display(description=_("author's standing"))
    def standing(self, post):
        author = post.author
        parts = [
            ngettext("%(n)d approved post", "%(n)d approved posts", post.author_approved_count)
            % {"n": post.author_approved_count},
            author.get_review_policy_display(),
            _("joined %(date)s") % {"date": author.date_joined.date().isoformat()},
        ]
        if author.is_suspended:
            parts.append(_("suspended"))
        return " · ".join(str(part) for part in parts)

    @admin.display(description=_("content"))
    def content(self, post):
        return post_preview(post)

    def save_model(self, request, obj, form, change):
        if form.cleaned_data["decision"] == ReviewForm.APPROVE:
            services.approve_post(post=obj, moderator=request.user)
        else:
            services.reject_post(
                post=obj, moderator=request.user, reason=form.cleaned_data["reason"]
            )
        # The services decide on a locked copy of the post; response_change() reports
        # on `obj`, so give it the state that was stored.
        obj.refresh_from_db(fields=["state", "rejection_reason", "reviewed_at", "reviewed_by"])

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"changed": {"fields": [form.cleaned_data["decision"]]}}]

    def response_change(self, request, obj):
        if obj.state == Post.State.APPROVED:
            self.message_user(request, _("Approved and published."), messages.SUCCESS)
        else:
            self.message_user(
                request, _("Rejected. The author has been told why by e-mail."), messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:forum_pendingpost_changelist"))

    @admin.action(description=_("Approve selected posts"))
    def approve_selected(self, request, queryset):
        approved = [services.approve_post(post=post, moderator=request.user) for post in queryset]
        count = sum(post.state == Post.State.APPROVED for post in approved)
        self.message_user(
            request,
            ngettext("%(n)d post approved.", "%(n)d posts approved.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject selected posts…"))
    def reject_selected(self, request, queryset):
        form = RejectSelectedForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for post in queryset:
                services.reject_post(
                    post=post, moderator=request.user, reason=form.cleaned_data["reason"]
                )
            count = queryset.model.objects.filter(
                pk__in=[p.pk for p in queryset], state=Post.State.REJECTED
            ).count()
            self.message_user(
                request,
                ngettext("%(n)d post rejected.", "%(n)d posts rejected.", count) % {"n": count},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject posts"),
            "opts": self.model._meta,
            "posts": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/forum/pendingpost/reject_selected.html", context)
