"""Questions in the admin, for moderators: lock, pin, move, merge a duplicate, hide or
restore, on one question (its page) or several at once (the list). Every action goes
through moderation.questions and is logged; nothing is edited or deleted here."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from forum.errors import Refused
from forum.models import Topic

from .. import questions
from ..forms import MergeForm, MoveForm
from .base import (
    EVERYWHERE,
    ModeratorOnlyMixin,
    apply_to_each,
    applying,
    confirm_page,
    each_action,
)
from .display import author_name


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


def _on_topic(service):
    return lambda request, topic: service(topic=topic, moderator=request.user)


def _counted(singular, plural):
    return ngettext_lazy(singular, plural, "n")


# One decision on each selected question: (action, service, description, what is said).
DECISIONS = [
    (
        "lock_selected",
        questions.lock_topic,
        _("Lock: no new replies"),
        _counted("%(n)d question locked.", "%(n)d questions locked."),
    ),
    (
        "unlock_selected",
        questions.unlock_topic,
        _("Unlock"),
        _counted("%(n)d question unlocked.", "%(n)d questions unlocked."),
    ),
    (
        "pin_selected",
        questions.pin_topic,
        _("Pin at the head of its category"),
        _counted("%(n)d question pinned.", "%(n)d questions pinned."),
    ),
    (
        "unpin_selected",
        questions.unpin_topic,
        _("Unpin"),
        _counted("%(n)d question unpinned.", "%(n)d questions unpinned."),
    ),
    (
        "hide_selected",
        questions.hide_topic,
        _("Hide: only its author and moderators see it"),
        _counted("%(n)d question hidden.", "%(n)d questions hidden."),
    ),
    (
        "restore_selected",
        questions.restore_topic,
        _("Restore: publish again"),
        _counted("%(n)d question restored.", "%(n)d questions restored."),
    ),
]
each_decision = [
    each_action(
        name,
        _on_topic(service),
        description=description,
        done=done,
        permissions=["moderate"],
        location=EVERYWHERE,
    )
    for name, service, description, done in DECISIONS
]


@admin.action(
    description=_("Move to another category…"), permissions=["moderate"], location=EVERYWHERE
)
def move_selected(model_admin, request, queryset):
    form = MoveForm(request.POST if applying(request) else None)
    if form.is_valid():
        category = form.cleaned_data["category"]
        apply_to_each(
            model_admin,
            request,
            queryset,
            lambda topic: questions.move_topic(
                topic=topic,
                moderator=request.user,
                category=category,
                reason=form.cleaned_data["reason"],
            ),
            done=ngettext_lazy(
                "%(n)d question moved to %(category)s.",
                "%(n)d questions moved to %(category)s.",
                "n",
            ),
            params={"category": category.name},
        )
        return None
    selected = list(queryset.select_related("category"))
    return confirm_page(
        model_admin,
        request,
        action="move_selected",
        form=form,
        objects=selected,
        items=[f"{topic.title} · {topic.category.name}" for topic in selected],
        title=_("Move questions"),
        intro=ngettext(
            "You are moving %(n)d question to another category. Its address changes with "
            "the category; the old address leads to the new one.",
            "You are moving %(n)d questions to another category. Their addresses change "
            "with the category; the old addresses lead to the new ones.",
            len(selected),
        )
        % {"n": len(selected)},
        submit_label=_("Move"),
    )


@admin.action(
    description=_("Merge a duplicate into another question…"),
    permissions=["moderate"],
    location=EVERYWHERE,
)
def merge_selected(model_admin, request, queryset):
    selected = list(queryset[:2])
    if len(selected) != 1:
        model_admin.message_user(
            request, _("Choose exactly one question to merge: the duplicate."), messages.ERROR
        )
        return None
    duplicate = selected[0]
    searching = "_search" in request.POST
    form = MergeForm(
        request.POST if applying(request) or searching else None,
        duplicate=duplicate,
        applying=applying(request),
    )
    if applying(request) and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            questions.merge_topic(
                topic=duplicate,
                into=target,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
            )
        except Refused as refused:
            form.add_error("target", forms.ValidationError(refused.message, code=refused.code))
        else:
            model_admin.message_user(
                request,
                _("“%(duplicate)s” was merged into “%(target)s”. Its address now leads there.")
                % {"duplicate": duplicate.title, "target": target.title},
                messages.SUCCESS,
            )
            return None
    elif form.is_bound:
        form.is_valid()
    form.fields["target"].widget.choices = form.found_choices()
    return confirm_page(
        model_admin,
        request,
        action="merge_selected",
        form=form,
        objects=[duplicate],
        items=[],
        title=_("Merge a duplicate question"),
        intro=_(
            "You are merging the duplicate “%(title)s” (#%(number)s) into another "
            "question. All its posts move there (its opening post becomes a reply), its "
            "followers follow that question, and its address leads there. This cannot be "
            "undone here."
        )
        % {"title": duplicate.title, "number": duplicate.pk},
        template="admin/moderation/merge_action.html",
    )


@admin.register(Topic)
class TopicAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """Questions, for moderators: every change is an action, none is a form."""

    left_as_it_was = ngettext_lazy(
        "%(n)d question was left as it was.", "%(n)d questions were left as they were.", "n"
    )

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
    actions = [*each_decision, move_selected, merge_selected]

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
        return author_name(topic.opening_post) if topic.opening_post else "—"

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
