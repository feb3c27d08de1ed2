"""
The moderation queue in the admin: one list of what needs a decision (moderation.queue),
each post opening on a page with its context and one button per decision, and the
same decisions on many posts at once. Also the canned reasons for rejecting.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from forum.errors import Refused
from forum.models import Flag, ModeratorNote, PendingPost, Post, PostRevision, RejectionReason

from .. import corrections, posts
from ..forms import DecisionForm, NoteForm, RejectForm
from ..queue import (
    APPROVE,
    DISMISS,
    HIDE,
    NOTE,
    REJECT,
    RESTORE,
    add_author_history,
    applicable_actions,
    queue_queryset,
)
from .base import ModeratorOnlyMixin, apply_to_each, applying, confirm_page, each_action
from .display import author_history, highlight, kind_of, post_preview, risk_labels


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


# What each decision is called on its button and says when done, and the service it
# calls; reject, which needs a reason, is the form's.
DECISIONS = {
    APPROVE: (posts.approve_post, _("Approved and published.")),
    HIDE: (posts.hide_post, _("Hidden. It stays in the queue until you restore or reject it.")),
    RESTORE: (
        posts.restore_post,
        _("Restored: the post is published again and its flags are dismissed."),
    ),
    DISMISS: (posts.dismiss_flags, _("Flags dismissed. The post stays as it is.")),
}


def _on_post(service):
    return lambda request, post: service(post=post, moderator=request.user)


approve_selected = each_action(
    "approve_selected",
    _on_post(posts.approve_post),
    description=_("Approve selected posts"),
    done=ngettext_lazy("%(n)d post approved.", "%(n)d posts approved.", "n"),
)
hide_selected = each_action(
    "hide_selected",
    _on_post(posts.hide_post),
    description=_("Hide selected published posts"),
    done=ngettext_lazy("%(n)d post hidden.", "%(n)d posts hidden.", "n"),
)
restore_selected = each_action(
    "restore_selected",
    _on_post(posts.restore_post),
    description=_("Restore selected hidden posts"),
    done=ngettext_lazy("%(n)d post restored.", "%(n)d posts restored.", "n"),
)
dismiss_selected = each_action(
    "dismiss_selected",
    _on_post(posts.dismiss_flags),
    description=_("Dismiss flags on selected posts"),
    done=ngettext_lazy("Flags dismissed on %(n)d post.", "Flags dismissed on %(n)d posts.", "n"),
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
            f"{post.topic.title} · {post.author.username} · {post.get_state_display()}"
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
class PendingPostAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
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
        url = reverse("admin:accounts_member_change", args=[post.author_id])
        return format_html(
            '<a href="{}">{}</a><br><span class="askwell-muted">{}</span>',
            url,
            post.author.username,
            author_history(post),
        )

    @admin.display(description=_("waiting since"), ordering="waiting_since")
    def waiting(self, post):
        return format_html(
            '<time datetime="{}">{}</time>',
            post.waiting_since.isoformat(timespec="seconds"),
            _("%(age)s ago") % {"age": timesince(post.waiting_since)},
        )

    # One post: its page and the decisions on it.

    def _queued_post(self, object_id):
        try:
            pk = int(object_id)
        except (TypeError, ValueError):
            return None
        return queue_queryset().filter(pk=pk).first()

    def _back_to_queue(self, request, message=None):
        if message:
            self.message_user(request, message, messages.INFO)
        return HttpResponseRedirect(reverse("admin:forum_pendingpost_changelist"))

    def _page_context(self, request, post, *, decision_form=None, note_form=None):
        topic = post.topic
        is_opening = topic.opening_post_id == post.pk
        actions = applicable_actions(post)
        note = ModeratorNote.objects.filter(post=post).select_related("source_article").first()
        if note_form is None and NOTE in actions:
            note_form = NoteForm(initial=NoteForm.initial_for(note, from_queue=True))
        opening_post = None
        if not is_opening:
            opening_post = Post.objects.select_related("author").get(pk=topic.opening_post_id)
        open_flags = list(
            Flag.objects.filter(post=post, resolved_at__isnull=True)
            .select_related("flagger")
            .order_by("created_at", "pk")
        )
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Decide on a post"),
            "post": post,
            "topic": topic,
            "is_opening": is_opening,
            "opening_post": opening_post,
            "opening_post_html": post_preview(opening_post) if opening_post else "",
            "kind": kind_of(post),
            "risk": risk_labels(post.risk_signals),
            "highlighted_title": highlight(topic.title) if is_opening else "",
            "highlighted_body": highlight(post.body),
            "post_html": post_preview(post),
            "open_flags": open_flags,
            "misinformation_flagged": any(
                flag.reason == Flag.Reason.MISINFORMATION for flag in open_flags
            ),
            "revisions": list(
                PostRevision.objects.filter(post=post)
                .select_related("edited_by")
                .order_by("-created_at", "-pk")
            ),
            "author_history": author_history(post),
            "author_url": reverse("admin:accounts_member_change", args=[post.author_id]),
            "actions": actions,
            "decision_form": decision_form or DecisionForm(actions=actions),
            "note": note,
            "note_form": note_form,
            "note_url": reverse("admin:forum_pendingpost_note", args=[post.pk]),
        }

    def review_view(self, request, object_id):
        if not self.has_change_permission(request):
            raise Refused(_("Only moderators can do this."), code="not_moderator")
        post = self._queued_post(object_id)
        if post is None:
            return self._back_to_queue(request, _("That post no longer needs a decision."))
        form = None
        if request.method == "POST":
            form = DecisionForm(request.POST, actions=applicable_actions(post))
            if form.is_valid():
                self._decide(request, post, form.cleaned_data)
                return self._back_to_queue(request)
        context = self._page_context(request, post, decision_form=form)
        return TemplateResponse(request, "admin/forum/pendingpost/review.html", context)

    def _decide(self, request, post, data):
        decision = data["decision"]
        try:
            if decision == REJECT:
                posts.reject_post(
                    post=post,
                    moderator=request.user,
                    reason=data["reason"],
                    canned_reason=data["canned_reason"],
                )
                done = _("Rejected. The author has been told why by e-mail.")
            else:
                service, done = DECISIONS[decision]
                service(post=post, moderator=request.user)
        except Refused as refused:
            self.message_user(
                request,
                _("Nothing was done: %(why)s") % {"why": refused.message},
                messages.WARNING,
            )
        else:
            self.message_user(request, done, messages.SUCCESS)

    def note_view(self, request, object_id):
        """Add or change the moderator's note under a published post, in the queue
        or not."""
        if not self.has_change_permission(request):
            raise Refused(_("Only moderators can do this."), code="not_moderator")
        try:
            post = (
                Post.objects.select_related("topic__category", "author")
                .filter(pk=int(object_id))
                .first()
            )
        except (TypeError, ValueError):
            post = None
        if post is None or not corrections.may_have_note(post):
            return self._back_to_queue(
                request, _("A moderator's note can only go under a published post.")
            )
        note = ModeratorNote.objects.filter(post=post).select_related("source_article").first()
        if request.method == "POST":
            form = NoteForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    corrections.add_or_change_note(
                        moderator=request.user,
                        post=post,
                        text=data["text"],
                        source_url=data["source_url"],
                        source_article=data["source_article"],
                    )
                except Refused as refused:
                    return self._back_to_queue(request, refused.message)
                self.message_user(
                    request,
                    _(
                        "The moderator's note is shown under the post. Its open flags are "
                        "dismissed: it was corrected instead of hidden."
                    ),
                    messages.SUCCESS,
                )
                if data["from_queue"]:
                    return self._back_to_queue(request)
                return HttpResponseRedirect(post.get_absolute_url())
            queued = self._queued_post(post.pk)
            if form.cleaned_data.get("from_queue") and queued is not None:
                context = self._page_context(request, queued, note_form=form)
                return TemplateResponse(request, "admin/forum/pendingpost/review.html", context)
        else:
            form = NoteForm(initial=NoteForm.initial_for(note, from_queue=False))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Change the moderator's note") if note else _("Add a moderator's note"),
            "post": post,
            "post_html": post_preview(post),
            "note": note,
            "note_form": form,
            "note_url": reverse("admin:forum_pendingpost_note", args=[post.pk]),
        }
        return TemplateResponse(request, "admin/forum/pendingpost/note.html", context)


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
