from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from .. import moderation
from ..models import (
    Category,
    Flag,
    Post,
    Topic,
)
from .base import (
    ModeratorOnlyMixin,
    PostRevisionInline,
    ReadOnlyMixin,
    post_preview,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "question_count", "reply_count", "last_activity_at"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


class MergedFilter(admin.SimpleListFilter):
    title = _("merged")
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("yes", _("Merged into another question")), ("no", _("Not merged"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        return queryset


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Move to the category"),
        queryset=Category.objects.all(),
        error_messages={
            "required": _("Choose the category to move the questions to."),
            "invalid_choice": _("That category does not exist; choose one from the list."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (for the moderation log)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(forms.Form):
    """Choosing the question a duplicate is merged into: found by its number or by
    words from its title, then picked from what was found."""

    MAX_FOUND = 20

    query = forms.CharField(
        label=_("Find the question to merge into"),
        help_text=_("Its number (as in its address), or words from its title."),
        required=False,
        max_length=150,
    )
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Topic.objects.select_related("opening_post", "category"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("That question does not exist; find it again and choose it.")
        },
    )
    reason = forms.CharField(
        label=_("Reason (for the moderation log)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, duplicate, applying=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = duplicate
        self.applying = applying
        self.found = []

    def _eligible(self):
        return (
            Topic.objects.listed()
            .filter(opening_post__state=Post.State.APPROVED)
            .exclude(pk=self.duplicate.pk)
            .select_related("category")
        )

    def clean_query(self):
        query = self.cleaned_data["query"].strip()
        number = query.removeprefix("#")
        if number.isdigit():
            chosen = Topic.objects.select_related("opening_post").filter(pk=int(number)).first()
            if chosen is not None:
                refusal = moderation.merge_refusal(topic=self.duplicate, into=chosen)
                if refusal is not None:
                    raise forms.ValidationError(
                        _("Question %(number)s cannot be chosen: %(why)s."),
                        code=refusal.code,
                        params={"number": number, "why": refusal.message},
                    )
                self.found = [chosen]
                return query
        elif query:
            self.found = list(
                self._eligible()
                .search(query)
                .order_by("-last_activity_at", "-pk")[: self.MAX_FOUND]
            )
        if not query and not self.applying:
            raise forms.ValidationError(
                _("Type the question's number or words from its title."), code="required"
            )
        if query and not self.found:
            raise forms.ValidationError(
                _("No published question matches “%(query)s”."),
                code="not_found",
                params={"query": query},
            )
        return query

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target is None:
            if self.applying:
                raise forms.ValidationError(
                    _("Choose the question to merge into."), code="required"
                )
            return None
        refusal = moderation.merge_refusal(topic=self.duplicate, into=target)
        if refusal is not None:
            raise forms.ValidationError(
                _("That question cannot be chosen: %(why)s."),
                code=refusal.code,
                params={"why": refusal.message},
            )
        return target

    def found_choices(self):
        """The questions found, as choices for the target field."""
        return [
            (
                topic.pk,
                _("#%(number)d %(title)s (%(category)s)")
                % {"number": topic.pk, "title": topic.title, "category": topic.category.name},
            )
            for topic in self.found
        ]


# Topic actions are offered in the list (several questions) and on a question's page.
ONE_OR_MANY = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.register(Topic)
class TopicAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """Questions, for moderators: lock, pin, move, merge a duplicate, hide or restore,
    one at a time (on a question's page) or several at once. Nothing is edited or
    deleted here; every action goes through forum.moderation and is logged."""

    list_display = [
        "title",
        "category",
        "author",
        "state",
        "is_locked",
        "is_pinned",
        "merged",
        "reply_count",
        "last_activity_at",
    ]
    list_filter = ["category", "opening_post__state", "is_locked", "is_pinned", MergedFilter]
    list_select_related = ["category", "opening_post__author", "merged_into"]
    list_per_page = 50
    search_fields = ["title"]
    fields = [
        "title",
        "public_link",
        "category_name",
        "author",
        "state",
        "is_locked",
        "is_pinned",
        "merged",
        "article_title",
        "reply_count",
        "last_activity_at",
        "created_at",
    ]
    readonly_fields = fields
    actions = [
        "lock_selected",
        "unlock_selected",
        "pin_selected",
        "unpin_selected",
        "hide_selected",
        "restore_selected",
        "move_selected",
        "merge_selected",
    ]

    def has_moderate_permission(self, request):
        return request.user.is_moderator()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """Titles, and a question's number ("123" or "#123") as in its address."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        number = search_term.strip().removeprefix("#")
        if number.isdigit():
            found |= queryset.filter(pk=int(number))
        return found, may_have_duplicates

    @admin.display(description=_("author"), ordering="opening_post__author__username")
    def author(self, topic):
        return topic.opening_post.author if topic.opening_post else "—"

    @admin.display(description=_("state"), ordering="opening_post__state")
    def state(self, topic):
        return topic.opening_post.get_state_display() if topic.opening_post else "—"

    @admin.display(description=_("merged into"), ordering="merged_into__title")
    def merged(self, topic):
        if topic.merged_into_id is None:
            return "—"
        url = reverse("admin:forum_topic_change", args=[topic.merged_into_id])
        return format_html('<a href="{}">{}</a>', url, topic.merged_into.title)

    @admin.display(description=_("category"))
    def category_name(self, topic):
        return topic.category.name

    @admin.display(description=_("asked about the article"))
    def article_title(self, topic):
        return topic.article.title if topic.article_id else "—"

    @admin.display(description=_("on the forum"))
    def public_link(self, topic):
        return format_html(
            '<a href="{}">{}</a>', topic.get_absolute_url(), topic.get_absolute_url()
        )

    # One question or several: each action reports what was done and what was left.

    def _apply(self, request, queryset, service, done, params=None, **kwargs):
        count, left = 0, Counter()
        for topic in queryset:
            try:
                service(topic=topic, moderator=request.user, **kwargs)
            except moderation.ModerationRefused as refused:
                left[str(refused.message)] += 1
            else:
                count += 1
        if count:
            self.message_user(request, done % {"n": count, **(params or {})}, messages.SUCCESS)
        for why, n in left.items():
            self.message_user(
                request,
                ngettext(
                    "%(n)d question was left as it was: %(why)s.",
                    "%(n)d questions were left as they were: %(why)s.",
                    n,
                )
                % {"n": n, "why": why},
                messages.WARNING,
            )

    @admin.action(
        description=_("Lock: no new replies"),
        permissions=["moderate"],
        location=ONE_OR_MANY,
    )
    def lock_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            moderation.lock_topic,
            ngettext_lazy("%(n)d question locked.", "%(n)d questions locked.", "n"),
        )

    @admin.action(description=_("Unlock"), permissions=["moderate"], location=ONE_OR_MANY)
    def unlock_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            moderation.unlock_topic,
            ngettext_lazy("%(n)d question unlocked.", "%(n)d questions unlocked.", "n"),
        )

    @admin.action(
        description=_("Pin at the head of its category"),
        permissions=["moderate"],
        location=ONE_OR_MANY,
    )
    def pin_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            moderation.pin_topic,
            ngettext_lazy("%(n)d question pinned.", "%(n)d questions pinned.", "n"),
        )

    @admin.action(description=_("Unpin"), permissions=["moderate"], location=ONE_OR_MANY)
    def unpin_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            moderation.unpin_topic,
            ngettext_lazy("%(n)d question unpinned.", "%(n)d questions unpinned.", "n"),
        )

    @admin.action(
        description=_("Hide: only its author and moderators see it"),
        permissions=["moderate"],
        location=ONE_OR_MANY,
    )
    def hide_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            moderation.hide_topic,
            ngettext_lazy("%(n)d question hidden.", "%(n)d questions hidden.", "n"),
        )

    @admin.action(
        description=_("Restore: publish again"), permissions=["moderate"], location=ONE_OR_MANY
    )
    def restore_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            moderation.restore_topic,
            ngettext_lazy("%(n)d question restored.", "%(n)d questions restored.", "n"),
        )

    def _intermediate(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/forum/topic/{template}",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.model._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                **context,
            },
        )

    @admin.action(
        description=_("Move to another category…"), permissions=["moderate"], location=ONE_OR_MANY
    )
    def move_selected(self, request, queryset):
        form = MoveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            category = form.cleaned_data["category"]
            self._apply(
                request,
                queryset,
                moderation.move_topic,
                ngettext_lazy(
                    "%(n)d question moved to %(category)s.",
                    "%(n)d questions moved to %(category)s.",
                    "n",
                ),
                params={"category": category.name},
                category=category,
                reason=form.cleaned_data["reason"],
            )
            return None
        return self._intermediate(
            request,
            "move_selected.html",
            _("Move questions"),
            topics=queryset,
            form=form,
        )

    @admin.action(
        description=_("Merge a duplicate into another question…"),
        permissions=["moderate"],
        location=ONE_OR_MANY,
    )
    def merge_selected(self, request, queryset):
        selected = list(queryset[:2])
        if len(selected) != 1:
            self.message_user(
                request,
                _("Choose exactly one question to merge: the duplicate."),
                messages.ERROR,
            )
            return None
        duplicate = selected[0]
        applying = "apply" in request.POST
        searching = "_search" in request.POST
        form = MergeForm(
            request.POST if applying or searching else None,
            duplicate=duplicate,
            applying=applying,
        )
        if applying and form.is_valid():
            target = form.cleaned_data["target"]
            try:
                moderation.merge_topic(
                    topic=duplicate,
                    into=target,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except moderation.ModerationRefused as refused:
                form.add_error("target", forms.ValidationError(refused.message, code=refused.code))
            else:
                self.message_user(
                    request,
                    _("“%(duplicate)s” was merged into “%(target)s”. Its address now leads there.")
                    % {"duplicate": duplicate.title, "target": target.title},
                    messages.SUCCESS,
                )
                return None
        elif form.is_bound:
            form.is_valid()
        form.fields["target"].widget.choices = form.found_choices()
        return self._intermediate(
            request,
            "merge_selected.html",
            _("Merge a duplicate question"),
            duplicate=duplicate,
            form=form,
        )


@admin.register(Post)
class PostAdmin(ModeratorOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Every post, in every state, for looking things up. Decisions go through the queue."""

    list_display = ["created_at", "excerpt", "topic", "author", "state", "reviewed_by"]
    list_filter = ["state", "topic__category"]
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

    def lookup_allowed(self, lookup, value, request):
        # A member's page in Member standing links to the flags on their posts.
        if lookup == "post__author__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

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
