"""
The moderation queue: one page of what needs a moderator's decision (posts waiting
for review, posts hidden, posts with open flags), the riskiest first and then the
longest waiting. Each post opens on a page with its context and one button per
decision; several can be decided at once. Every decision goes through the forum's
services, which record it in the moderation log.

Also the canned reasons moderators pick when they reject a post.
"""

from collections import Counter, defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article

from .. import corrections, flags, risk, services
from ..models import (
    Flag,
    ModeratorNote,
    PendingPost,
    Post,
    PostRevision,
    RejectionReason,
)
from .base import ModeratorOnlyMixin, post_preview

APPROVE, REJECT, HIDE, RESTORE, DISMISS, NOTE = (
    "approve",
    "reject",
    "hide",
    "restore",
    "dismiss",
    "note",
)


def applicable_actions(post):
    """What a moderator may decide on `post`, as it is now (`open_flag_count` is the
    queue's annotation)."""
    flagged = post.open_flag_count > 0
    state = post.state
    actions = []
    if state == Post.State.PENDING:
        actions += [APPROVE, REJECT]
    if state == Post.State.HIDDEN:
        actions += [RESTORE, REJECT]
    if state == Post.State.APPROVED:
        actions += [HIDE, NOTE]
        if flagged:
            actions.insert(0, REJECT)
    if flagged and state != Post.State.HIDDEN:
        actions.append(DISMISS)
    return actions


def _count(queryset, group_by):
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _author_history():
    by_author = Post.objects.filter(author=OuterRef("author"))
    on_authors_posts = Flag.objects.filter(post__author=OuterRef("author"))
    return {
        "author_approved_count": _count(by_author.filter(state=Post.State.APPROVED), "author"),
        "author_rejected_count": _count(by_author.filter(state=Post.State.REJECTED), "author"),
        "author_upheld_flag_count": _count(
            on_authors_posts.filter(resolution=Flag.Resolution.UPHELD), "post__author"
        ),
        "author_open_flag_count": _count(
            on_authors_posts.filter(resolved_at__isnull=True), "post__author"
        ),
    }


def queue_queryset(*, with_author_history=True):
    """What needs a decision, with what the queue shows of each post (and, unless told
    otherwise, its author's history), in one query: the riskiest first, then the
    longest waiting (since the first open flag for a flagged post, since it was
    written otherwise)."""
    open_flags = Flag.objects.filter(resolved_at__isnull=True)
    queryset = (
        Post.objects.needs_decision()
        .select_related("author", "topic__category")
        .annotate(
            open_flag_count=_count(open_flags.filter(post=OuterRef("pk")), "post"),
            first_flagged_at=Subquery(
                open_flags.filter(post=OuterRef("pk"))
                .order_by("created_at")
                .values("created_at")[:1]
            ),
        )
    )
    if with_author_history:
        queryset = queryset.annotate(**_author_history())
    return queryset.annotate(
        waiting_since=Coalesce(F("first_flagged_at"), F("created_at"))
    ).order_by("-risk_score", "waiting_since", "pk")


def add_author_history(posts):
    """Give each post of a list page its author's history, in two queries for the
    page: counted per row, the history cost grew with the whole queue."""
    author_ids = {post.author_id for post in posts}
    states = defaultdict(Counter)
    for row in (
        Post.objects.filter(
            author__in=author_ids, state__in=[Post.State.APPROVED, Post.State.REJECTED]
        )
        .values("author", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        states[row["author"]][row["state"]] = row["n"]
    flag_counts = {
        row["post__author"]: row
        for row in Flag.objects.filter(post__author__in=author_ids)
        .values("post__author")
        .annotate(
            upheld=Count("pk", filter=Q(resolution=Flag.Resolution.UPHELD)),
            open=Count("pk", filter=Q(resolved_at__isnull=True)),
        )
        .order_by()
    }
    for post in posts:
        counted = states[post.author_id]
        flagged = flag_counts.get(post.author_id, {})
        post.author_approved_count = counted[Post.State.APPROVED]
        post.author_rejected_count = counted[Post.State.REJECTED]
        post.author_upheld_flag_count = flagged.get("upheld", 0)
        post.author_open_flag_count = flagged.get("open", 0)
    return posts


class QueueChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        self.result_list = add_author_history(list(self.result_list))


def kind_of(post):
    if post.state == Post.State.PENDING:
        return _("Waiting for review")
    if post.state == Post.State.HIDDEN:
        return _("Hidden after flags") if post.open_flag_count else _("Hidden by a moderator")
    if post.state == Post.State.REMOVED:
        return _("Flagged, since removed by its author")
    return _("Flagged")


def risk_labels(signals):
    if not signals:
        return format_html('<span class="askwell-muted">{}</span>', _("none found"))
    return format_html_join(
        " ",
        '<span class="askwell-risk askwell-risk--{}">{}</span>',
        ((signal, label) for signal, label in risk.labels(signals)),
    )


def highlight(text):
    """The text as written (escaped Markdown source) with what raised its risk
    marked, for the moderator to see at a glance."""
    merged = []
    for span in risk.assess(text).spans:
        if merged and span.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
        else:
            merged.append([span.start, span.end, span.signal])
    out, position = SafeString(""), 0
    for start, end, signal in merged:
        out += conditional_escape(text[position:start])
        out += format_html(
            '<mark class="askwell-risk--{}" title="{}">{}</mark>',
            signal,
            risk.LABELS[signal],
            text[start:end],
        )
        position = end
    return out + conditional_escape(text[position:])


def author_history(post):
    author = post.author
    parts = [
        ngettext("%(n)d approved", "%(n)d approved", post.author_approved_count)
        % {"n": post.author_approved_count},
        ngettext("%(n)d rejected", "%(n)d rejected", post.author_rejected_count)
        % {"n": post.author_rejected_count},
        _("joined %(age)s ago") % {"age": timesince(author.date_joined)},
        _("flags on their posts: %(upheld)d upheld, %(open)d open")
        % {"upheld": post.author_upheld_flag_count, "open": post.author_open_flag_count},
    ]
    if author.review_policy == author.ReviewPolicy.ALWAYS:
        parts.append(str(author.get_review_policy_display()))
    if author.is_currently_suspended():
        parts.append(str(_("suspended")))
    return " · ".join(str(part) for part in parts)


# Forms.


class CannedReasonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}: {Truncator(obj.text).chars(120)}"


class RejectForm(forms.Form):
    """Why a post is not published: a canned reason, the moderator's own words, or
    both. The author is e-mailed the reason's text and the note."""

    canned_reason = CannedReasonField(
        label=_("Canned reason"),
        queryset=RejectionReason.objects.filter(is_active=True),
        required=False,
        empty_label=_("No canned reason"),
        error_messages={"invalid_choice": _("Choose one of the reasons offered.")},
    )
    reason = forms.CharField(
        label=_("Your note for the author"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional with a canned reason. The author receives both by e-mail."),
    )

    def needs_reason(self):
        return True

    def clean(self):
        cleaned = super().clean()
        if (
            self.needs_reason()
            and not self.has_error("canned_reason")
            and cleaned.get("canned_reason") is None
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error(
                None,
                forms.ValidationError(
                    _("Choose a canned reason or write a note: the author is told why by e-mail."),
                    code="reason_required",
                ),
            )
        return cleaned


class DecisionForm(RejectForm):
    """One decision on one post, from the buttons of its page in the queue."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That decision is not possible for this post now.")},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(a, a) for a in actions if a != NOTE]

    def needs_reason(self):
        return self.cleaned_data.get("decision") == REJECT


class NoteForm(forms.Form):
    """A moderator's note under a published post: a correction with its source."""

    text = forms.CharField(
        label=_("Correction"),
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown to everyone under the post. Markdown: **bold**, *italic*, links."),
    )
    source_url = forms.CharField(
        label=_("Source link"),
        required=False,
        strip=True,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    source_article = forms.ModelChoiceField(
        label=_("or one of our articles"),
        queryset=Article.objects.order_by("title"),
        required=False,
        empty_label=_("No article"),
        error_messages={"invalid_choice": _("Choose one of the articles in the list.")},
    )
    from_queue = forms.BooleanField(required=False, widget=forms.HiddenInput)

    error_summary = _("The note was not saved. Please correct the errors below.")

    def clean(self):
        cleaned = super().clean()
        if self.has_error("source_article"):
            return cleaned
        try:
            cleaned["text"], cleaned["source_url"] = corrections.validate_note(
                text=cleaned.get("text", ""),
                source_url=cleaned.get("source_url", ""),
                source_article=cleaned.get("source_article"),
            )
        except forms.ValidationError as error:
            self.add_error(None, error)
        return cleaned


def _count_message(singular, plural, count):
    return ngettext(singular, plural, count) % {"n": count}


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


@admin.register(PendingPost)
class PendingPostAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """The moderation queue: what needs a decision, riskiest first, then oldest."""

    list_display = ["risk", "kind", "excerpt", "question", "author_link", "waiting"]
    list_display_links = ["excerpt"]
    list_filter = [KindFilter]
    list_per_page = 50
    show_full_result_count = False
    search_fields = ["body", "topic__title", "author__username"]
    actions = [
        "approve_selected",
        "reject_selected",
        "hide_selected",
        "restore_selected",
        "dismiss_selected",
    ]

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
            post.waiting_since.isoformat(),
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
            note_form = NoteForm(initial=_note_initial(note, from_queue=True))
        opening_post = None
        if not is_opening:
            opening_post = Post.objects.select_related("author").get(pk=topic.opening_post_id)
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
            "open_flags": list(
                Flag.objects.filter(post=post, resolved_at__isnull=True)
                .select_related("flagger")
                .order_by("created_at", "pk")
            ),
            "misinformation_flagged": Flag.objects.filter(
                post=post, resolved_at__isnull=True, reason=Flag.Reason.MISINFORMATION
            ).exists(),
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
            raise PermissionDenied
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
        decision, moderator = data["decision"], request.user
        before = post.state
        if decision == APPROVE:
            services.approve_post(post=post, moderator=moderator)
            message = _("Approved and published.")
        elif decision == REJECT:
            flags.reject_from_queue(
                post=post,
                moderator=moderator,
                reason=data["reason"],
                canned_reason=data["canned_reason"],
            )
            message = _("Rejected. The author has been told why by e-mail.")
        elif decision == HIDE:
            flags.hide_post(post=post, moderator=moderator)
            message = _("Hidden. It stays in the queue until you restore or reject it.")
        elif decision == RESTORE:
            flags.restore_post(post=post, moderator=moderator)
            message = _("Restored: the post is published again and its flags are dismissed.")
        else:
            flags.dismiss_flags(post=post, moderator=moderator)
            message = _("Flags dismissed. The post stays as it is.")
        changed = Post.objects.filter(pk=post.pk).exclude(state=before).exists()
        if decision != DISMISS and not changed:
            self.message_user(
                request,
                _("The post had changed in the meantime, so nothing was done."),
                messages.WARNING,
            )
        else:
            self.message_user(request, message, messages.SUCCESS)

    def note_view(self, request, object_id):
        """Add or change the moderator's note under a published post, in the queue
        or not."""
        if not self.has_change_permission(request):
            raise PermissionDenied
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
                corrections.add_or_change_note(
                    moderator=request.user,
                    post=post,
                    text=data["text"],
                    source_url=data["source_url"],
                    source_article=data["source_article"],
                )
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
            form = NoteForm(initial=_note_initial(note, from_queue=False))
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

    # Several posts at once.

    def _report(self, request, done, skipped, *, done_message, skipped_message):
        self.message_user(request, _count_message(*done_message, len(done)), messages.SUCCESS)
        if skipped:
            self.message_user(
                request, _count_message(*skipped_message, len(skipped)), messages.WARNING
            )

    def _split(self, queryset, action):
        posts = list(queryset)
        chosen = [post for post in posts if action in applicable_actions(post)]
        return chosen, [post for post in posts if post not in chosen]

    @admin.action(description=_("Approve selected posts"))
    def approve_selected(self, request, queryset):
        chosen, skipped = self._split(queryset, APPROVE)
        done = [
            post
            for post in chosen
            if services.approve_post(post=post, moderator=request.user).state == Post.State.APPROVED
        ]
        self._report(
            request,
            done,
            skipped,
            done_message=("%(n)d post approved.", "%(n)d posts approved."),
            skipped_message=(
                "%(n)d post was not waiting for review and was left as it is.",
                "%(n)d posts were not waiting for review and were left as they are.",
            ),
        )

    @admin.action(description=_("Reject selected posts…"))
    def reject_selected(self, request, queryset):
        chosen, skipped = self._split(queryset, REJECT)
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            rejection = {
                "reason": form.cleaned_data["reason"],
                "canned_reason": form.cleaned_data["canned_reason"],
            }
            done = []
            for post in chosen:
                result = flags.reject_from_queue(post=post, moderator=request.user, **rejection)
                if result.state == Post.State.REJECTED:
                    done.append(result)
            self._report(
                request,
                done,
                skipped,
                done_message=(
                    "%(n)d post rejected. Its author has been told why by e-mail.",
                    "%(n)d posts rejected. Each author has been told why by e-mail.",
                ),
                skipped_message=(
                    "%(n)d post could not be rejected and was left as it is.",
                    "%(n)d posts could not be rejected and were left as they are.",
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject posts"),
            "opts": self.opts,
            "posts": queryset,
            "chosen": chosen,
            "skipped": skipped,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/forum/pendingpost/reject_selected.html", context)

    @admin.action(description=_("Hide selected published posts"))
    def hide_selected(self, request, queryset):
        chosen, skipped = self._split(queryset, HIDE)
        done = [
            post
            for post in chosen
            if flags.hide_post(post=post, moderator=request.user).state == Post.State.HIDDEN
        ]
        self._report(
            request,
            done,
            skipped,
            done_message=("%(n)d post hidden.", "%(n)d posts hidden."),
            skipped_message=(
                "%(n)d post was not published and was left as it is.",
                "%(n)d posts were not published and were left as they are.",
            ),
        )

    @admin.action(description=_("Restore selected hidden posts"))
    def restore_selected(self, request, queryset):
        chosen, skipped = self._split(queryset, RESTORE)
        done = [
            post
            for post in chosen
            if flags.restore_post(post=post, moderator=request.user).state == Post.State.APPROVED
        ]
        self._report(
            request,
            done,
            skipped,
            done_message=("%(n)d post restored.", "%(n)d posts restored."),
            skipped_message=(
                "%(n)d post was not hidden and was left as it is.",
                "%(n)d posts were not hidden and were left as they are.",
            ),
        )

    @admin.action(description=_("Dismiss flags on selected posts"))
    def dismiss_selected(self, request, queryset):
        chosen, skipped = self._split(queryset, DISMISS)
        for post in chosen:
            flags.dismiss_flags(post=post, moderator=request.user)
        self._report(
            request,
            chosen,
            skipped,
            done_message=("Flags dismissed on %(n)d post.", "Flags dismissed on %(n)d posts."),
            skipped_message=(
                "%(n)d post had no flags to dismiss, or is hidden (restore or reject it), "
                "and was left as it is.",
                "%(n)d posts had no flags to dismiss, or are hidden (restore or reject them), "
                "and were left as they are.",
            ),
        )


def _note_initial(note, *, from_queue):
    initial = {"from_queue": from_queue}
    if note is not None:
        initial.update(
            text=note.text, source_url=note.source_url, source_article=note.source_article_id
        )
    return initial


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
        services.save_rejection_reason(
            moderator=request.user, rejection_reason=obj, changed_fields=form.changed_data
        )
