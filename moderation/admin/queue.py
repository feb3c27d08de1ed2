"""
The moderation queue in the admin: one list of what needs a decision (moderation.queue),
each post opening on a page with its context and one button per decision, and the
same decisions on many posts at once. Also the canned reasons for rejecting.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from forum.models import PendingPost, Post, RejectionReason

from .. import posts
from ..forms import RejectForm
from ..queue import (
    REJECT,
    add_author_history,
    applicable_actions,
    queue_queryset,
)
from .base import ModeratorOnlyMixin, apply_to_each, applying, confirm_page, each_action
from .display import author_history, author_name, kind_of, risk_labels
from .review import ReviewPagesMixin


class QueueChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        self.result_list = add_author_history(list(self.result_list))


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("Waiting for review")),
            ("hidden", _("Hidden")),
            ("flagged", _("Flagged")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(state=Post.State.PENDING)
        if self.value() == "hidden":
            return queryset.filter(state=Post.State.HIDDEN)
        if self.value() == "flagged":
            return queryset.exclude(state__in=[Post.State.PENDING, Post.State.HIDDEN])
        return queryset


def _on_post(service):
    return lambda request, post: service(post=post, moderator=request.user)


# One decision on each selected post: (action, service, description, what is said).
DECISIONS = [
    (
        "approve_selected",
        posts.approve_post,
        _("Approve selected posts"),
        ngettext_lazy("%(n)d post approved.", "%(n)d posts approved.", "n"),
    ),
    (
        "hide_selected",
        posts.hide_post,
        _("Hide selected published posts"),
        ngettext_lazy("%(n)d post hidden.", "%(n)d posts hidden.", "n"),
    ),
    (
        "restore_selected",
        posts.restore_post,
        _("Restore selected hidden posts"),
        ngettext_lazy("%(n)d post restored.", "%(n)d posts restored.", "n"),
    ),
    (
        "dismiss_selected",
        posts.dismiss_flags,
        _("Dismiss flags on selected posts"),
        ngettext_lazy("Flags dismissed on %(n)d post.", "Flags dismissed on %(n)d posts.", "n"),
    ),
]
approve_selected, hide_selected, restore_selected, dismiss_selected = (
    each_action(name, _on_post(service), description=description, done=done)
    for name, service, description, done in DECISIONS
)


@admin.action(description=_("Reject selected posts…"))
def reject_selected(model_admin, request, queryset):
    form = RejectForm(request.POST if applying(request) else None)
    if form.is_valid():
        apply_to_each(
            model_admin,
            request,
            queryset,
            lambda post: posts.reject_post(
                post=post,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
                canned_reason=form.cleaned_data["canned_reason"],
            ),
            done=ngettext_lazy(
                "%(n)d post rejected. Its author has been told why by e-mail.",
                "%(n)d posts rejected. Each author has been told why by e-mail.",
                "n",
            ),
        )
        return None
    selected = list(queryset)
    chosen = [post for post in selected if REJECT in applicable_actions(post)]
    skipped = len(selected) - len(chosen)
    return confirm_page(
        model_admin,
        request,
        action="reject_selected",
        form=form,
        objects=selected,
        items=[
            f"{post.topic.title} · {author_name(post)} · {post.get_state_display()}"
            for post in chosen
        ],
        title=_("Reject posts"),
        intro=ngettext(
            "You are rejecting %(n)d post. Its author receives your reason by e-mail.",
            "You are rejecting %(n)d posts. Each author receives your reason by e-mail.",
            len(chosen),
        )
        % {"n": len(chosen)},
        warning=ngettext(
            "%(n)d selected post can't be rejected and will be left as it is.",
            "%(n)d selected posts can't be rejected and will be left as they are.",
            skipped,
        )
        % {"n": skipped}
        if skipped
        else "",
        submit_label=_("Reject and tell the authors"),
    )


@admin.register(PendingPost)
class PendingPostAdmin(ReviewPagesMixin, ModeratorOnlyMixin, admin.ModelAdmin):
    """The moderation queue: what needs a decision, riskiest first, then oldest."""

    left_as_it_was = ngettext_lazy(
        "%(n)d post was left as it was.", "%(n)d posts were left as they were.", "n"
    )

    list_display = ["risk", "kind", "excerpt", "question", "author_link", "waiting"]
    list_display_links = ["excerpt"]
    list_filter = [KindFilter]
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["body", "topic__title", "author__username"]
    actions = [approve_selected, reject_selected, hide_selected, restore_selected, dismiss_selected]

    def get_queryset(self, request):
        # The list adds the authors' history page by page (QueueChangeList); the
        # review page reads one post with queue_queryset().
        return queue_queryset(with_author_history=False)

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_ordering(self, request):
        # Annotations, so not in `ordering` (which the admin checks against fields).
        return ["-risk_score", "waiting_since", "pk"]

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/change/", wrap(self.review_view), name=f"{name}_change"),
            path("<path:object_id>/note/", wrap(self.note_view), name=f"{name}_note"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("What needs a decision: the riskiest first, then the longest waiting"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    # The list's columns.

    @admin.display(description=_("risk"), ordering="-risk_score")
    def risk(self, post):
        return risk_labels(post.risk_signals)

    @admin.display(description=_("kind"))
    def kind(self, post):
        return kind_of(post)

    @admin.display(description=_("text"))
    def excerpt(self, post):
        return Truncator(post.body).chars(80)

    @admin.display(description=_("question"), ordering="topic__title")
    def question(self, post):
        what = _("new question") if post.topic.opening_post_id == post.pk else _("reply")
        return format_html(
            '<a href="{}">{}</a> <span class="askwell-muted">({}, {})</span>',
            post.topic.get_absolute_url(),
            post.topic.title,
            what,
            post.topic.category.name,
        )

    @admin.display(description=_("author"), ordering="author__username")
    def author_link(self, post):
        if post.author_id is None:
            return author_name(post)
        url = reverse("admin:accounts_member_change", args=[post.author_id])
        return format_html(
            '<a href="{}">{}</a><br><span class="askwell-muted">{}</span>',
            url,
            author_name(post),
            author_history(post),
        )

    @admin.display(description=_("waiting since"), ordering="waiting_since")
    def waiting(self, post):
        return format_html(
            '<time datetime="{}">{}</time>',
            post.waiting_since.isoformat(timespec="seconds"),
            _("%(age)s ago") % {"age": timesince(post.waiting_since)},
        )


@admin.register(RejectionReason)
class RejectionReasonAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """Canned reasons for rejecting posts. Moderators add and change them; one no
    longer wanted is no longer offered (posts and the log keep its words), never
    deleted."""

    list_display = ["title", "text_excerpt", "position", "is_active"]
    list_filter = ["is_active"]
    fields = ["title", "text", "position", "is_active"]
    actions = None

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("text for the author"))
    def text_excerpt(self, reason):
        return Truncator(reason.text).chars(100)

    def save_model(self, request, obj, form, change):
        posts.save_rejection_reason(
            moderator=request.user, rejection_reason=obj, changed_fields=form.changed_data
        )
