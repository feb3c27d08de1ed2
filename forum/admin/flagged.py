from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Min, Prefetch, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import flags
from ..models import (
    Flag,
    FlaggedPost,
    Post,
)
from .base import (
    ModeratorOnlyMixin,
    ModeratorReadOnlyInline,
    PostRevisionInline,
    post_preview,
)


def _open_flags():
    return Q(flags__resolved_at__isnull=True)


class FlagInline(ModeratorReadOnlyInline):
    """Every flag on the post: who, when, why, and what became of it."""

    model = Flag
    fk_name = "post"
    fields = ["created_at", "flagger", "reason", "detail", "resolution", "resolved_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("flagger", "resolved_by")
            .order_by("resolved_at", "created_at", "pk")
        )


class FlagDecisionForm(forms.ModelForm):
    """A moderator's decision on one flagged post. What can be decided depends on the
    post: a hidden one is restored or kept unpublished; a published one keeps its place
    (flags dismissed) or is unpublished."""

    RESTORE, DISMISS, UPHOLD = "restore", "dismiss", "uphold"

    decision = forms.ChoiceField(label=_("Decision"), choices=[], widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when keeping the post unpublished. The author receives it by e-mail."
        ),
    )

    class Meta:
        model = FlaggedPost
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state = self.instance.state
        choices = []
        if state == Post.State.HIDDEN:
            choices.append((self.RESTORE, _("Restore and dismiss flags")))
        else:
            choices.append((self.DISMISS, _("Dismiss flags: the post stays as it is")))
        if state in (Post.State.APPROVED, Post.State.HIDDEN):
            choices.append((self.UPHOLD, _("Uphold: keep unpublished")))
        self.fields["decision"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.UPHOLD and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",
                forms.ValidationError(
                    _("Give the author a reason; it is sent to them by e-mail."),
                    code="reason_required",
                ),
            )
        return cleaned


class UpholdSelectedForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the authors"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Each author receives this reason by e-mail."),
        error_messages={"required": _("Give the authors a reason; it is sent by e-mail.")},
    )


def _count_message(singular, plural, count):
    return ngettext(singular, plural, count) % {"n": count}


@admin.register(FlaggedPost)
class FlaggedPostAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """Posts with open flags, the longest-waiting first."""

    form = FlagDecisionForm
    list_display = [
        "first_flagged_at",
        "excerpt",
        "question",
        "author_link",
        "state",
        "open_flag_count",
        "reasons",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["state", "topic__category"]
    list_per_page = 50
    actions = ["restore_selected", "dismiss_selected", "uphold_selected"]
    inlines = [FlagInline, PostRevisionInline]
    readonly_fields = [
        "question",
        "author_link",
        "state",
        "created_at",
        "open_flag_count",
        "reasons",
        "content",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "question",
                    "author_link",
                    "state",
                    "created_at",
                    "open_flag_count",
                    "reasons",
                ]
            },
        ),
        (_("What they wrote"), {"fields": ["content"]}),
        (_("Your decision"), {"fields": ["decision", "reason"]}),
    ]

    def get_queryset(self, request):
        open_flags = Flag.objects.filter(resolved_at__isnull=True).order_by("created_at", "pk")
        # Not super(): it orders by get_ordering() before the annotation exists.
        return (
            # Narrowed to flagged posts first: counting over every post grows with
            # the forum.
            self.model._default_manager.filter(
                pk__in=Flag.objects.filter(resolved_at__isnull=True).values("post_id")
            )
            .annotate(
                open_flag_count=Count("flags", filter=_open_flags()),
                first_flagged_at=Min("flags__created_at", filter=_open_flags()),
            )
            .filter(open_flag_count__gt=0)
            .select_related("author", "topic__category")
            .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flag_list"))
            .order_by("first_flagged_at", "pk")
        )

    def get_ordering(self, request):
        # An annotation, so not in `ordering` (which the admin checks against fields).
        return ["first_flagged_at", "pk"]

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("Flagged posts, longest waiting first"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "title": _("Decide on a flagged post"),
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("first flagged"), ordering="first_flagged_at")
    def first_flagged_at(self, post):
        return post.first_flagged_at

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

    @admin.display(description=_("author"), ordering="author__username")
    def author_link(self, post):
        url = reverse("admin:accounts_member_change", args=[post.author_id])
        return format_html('<a href="{}">{}</a>', url, post.author.username)

    @admin.display(description=_("open flags"), ordering="open_flag_count")
    def open_flag_count(self, post):
        return post.open_flag_count

    @admin.display(description=_("reasons"))
    def reasons(self, post):
        return flags.reasons_summary(post.open_flag_list)

    @admin.display(description=_("content"))
    def content(self, post):
        return post_preview(post)

    def save_model(self, request, obj, form, change):
        decision = obj.flag_decision = form.cleaned_data["decision"]
        if decision == FlagDecisionForm.RESTORE:
            flags.restore_post(post=obj, moderator=request.user)
        elif decision == FlagDecisionForm.DISMISS:
            flags.dismiss_flags(post=obj, moderator=request.user)
        else:
            flags.uphold_flags(post=obj, moderator=request.user, reason=form.cleaned_data["reason"])
        # The services decide on a locked copy; response_change() reports on `obj`.
        obj.refresh_from_db(fields=["state"])

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"changed": {"fields": [form.cleaned_data["decision"]]}}]

    def response_change(self, request, obj):
        decision = obj.flag_decision
        if decision == FlagDecisionForm.RESTORE:
            message = _("Restored: the post is published again and its flags are dismissed.")
        elif decision == FlagDecisionForm.DISMISS:
            message = _("Flags dismissed. The post stays as it is.")
        else:
            message = _("Kept unpublished. The author has been told why by e-mail.")
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:forum_flaggedpost_changelist"))

    @admin.action(description=_("Restore and dismiss flags"))
    def restore_selected(self, request, queryset):
        hidden = [post for post in queryset if post.state == Post.State.HIDDEN]
        for post in hidden:
            flags.restore_post(post=post, moderator=request.user)
        self.message_user(
            request,
            _count_message("%(n)d post restored.", "%(n)d posts restored.", len(hidden)),
            messages.SUCCESS,
        )
        self._report_left_alone(request, len(queryset) - len(hidden), hidden_only=True)

    @admin.action(description=_("Dismiss flags"))
    def dismiss_selected(self, request, queryset):
        shown = [post for post in queryset if post.state != Post.State.HIDDEN]
        for post in shown:
            flags.dismiss_flags(post=post, moderator=request.user)
        self.message_user(
            request,
            _count_message(
                "Flags dismissed on %(n)d post.", "Flags dismissed on %(n)d posts.", len(shown)
            ),
            messages.SUCCESS,
        )
        self._report_left_alone(request, len(queryset) - len(shown), hidden_only=False)

    def _report_left_alone(self, request, count, *, hidden_only):
        if not count:
            return
        if hidden_only:
            message = _count_message(
                "%(n)d post was not hidden and was left as it is: dismiss its flags instead.",
                "%(n)d posts were not hidden and were left as they are: dismiss their flags "
                "instead.",
                count,
            )
        else:
            message = _count_message(
                "%(n)d hidden post was left as it is: restore it or keep it unpublished.",
                "%(n)d hidden posts were left as they are: restore them or keep them unpublished.",
                count,
            )
        self.message_user(request, message, messages.WARNING)

    @admin.action(description=_("Uphold: keep unpublished…"))
    def uphold_selected(self, request, queryset):
        form = UpholdSelectedForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            upheld = [
                flags.uphold_flags(
                    post=post, moderator=request.user, reason=form.cleaned_data["reason"]
                )
                for post in queryset
                if post.state in (Post.State.APPROVED, Post.State.HIDDEN)
            ]
            count = sum(post.state == Post.State.REJECTED for post in upheld)
            self.message_user(
                request,
                _count_message(
                    "%(n)d post kept unpublished. Its author has been told why by e-mail.",
                    "%(n)d posts kept unpublished. Each author has been told why by e-mail.",
                    count,
                ),
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Keep posts unpublished"),
            "opts": self.model._meta,
            "posts": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/forum/flaggedpost/uphold_selected.html", context)
