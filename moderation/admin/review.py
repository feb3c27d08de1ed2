"""
One post of the moderation queue on its own page: the post as written (with what
raised its risk marked) and as members see it, its question, its open flags, its
earlier versions, its author's history, and one button per decision; and the page
for a moderator's note under a published post.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.errors import Refused
from forum.models import Flag, ModeratorNote, Post, PostRevision

from .. import corrections, posts
from ..forms import DecisionForm, EditApproveForm, NoteForm
from ..queue import (
    APPROVE,
    DISMISS,
    EDIT,
    HIDE,
    NOTE,
    REJECT,
    RESTORE,
    applicable_actions,
    next_in_queue,
    queue_queryset,
)
from .display import author_history, author_name, highlight, kind_of, post_preview, risk_labels

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


class ReviewPagesMixin:
    """The queue admin's pages for one post (its change page is the review page)."""

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

    def _to_next(self, request, following):
        """After a decision: the next post's page, or the list when none is left."""
        if following is None:
            return self._back_to_queue(request)
        return HttpResponseRedirect(reverse("admin:forum_pendingpost_change", args=[following.pk]))

    def _page_context(self, request, post, *, decision_form=None, note_form=None, edit_form=None):
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
        following = next_in_queue(post)
        forms_with_errors = [
            form for form in (decision_form, note_form, edit_form) if form and form.errors
        ]
        title = _("Decide on a post: %(question)s (%(kind)s)") % {
            "question": topic.title,
            "kind": kind_of(post),
        }
        if forms_with_errors:
            title = _("Error: %(title)s") % {"title": title}
        if edit_form is None and EDIT in actions:
            edit_form = EditApproveForm(post=post)
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "post": post,
            "next_post": following,
            "skip_url": reverse("admin:forum_pendingpost_change", args=[following.pk])
            if following
            else reverse("admin:forum_pendingpost_changelist"),
            "edit_form": edit_form,
            "session_seconds": settings.ASKWELL_ADMIN_SESSION_SECONDS,
            "topic": topic,
            "is_opening": is_opening,
            "opening_post": opening_post,
            "opening_post_html": post_preview(opening_post) if opening_post else "",
            "opening_post_author": author_name(opening_post) if opening_post else "",
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
            "author_name": author_name(post),
            "author_url": reverse("admin:accounts_member_change", args=[post.author_id])
            if post.author_id
            else "",
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
        form = edit_form = None
        if request.method == "POST":
            following = next_in_queue(post)
            actions = applicable_actions(post)
            if request.POST.get("decision") == EDIT and EDIT in actions:
                edit_form = EditApproveForm(request.POST, post=post)
                if edit_form.is_valid():
                    self._edit_and_approve(request, post, edit_form.cleaned_data)
                    return self._to_next(request, following)
            else:
                form = DecisionForm(request.POST, actions=actions)
                if form.is_valid():
                    self._decide(request, post, form.cleaned_data)
                    return self._to_next(request, following)
        context = self._page_context(request, post, decision_form=form, edit_form=edit_form)
        return TemplateResponse(request, "admin/forum/pendingpost/review.html", context)

    def _edit_and_approve(self, request, post, data):
        try:
            posts.edit_and_approve_post(
                post=post, moderator=request.user, body=data["body"], title=data.get("title")
            )
        except Refused as refused:
            self.message_user(
                request,
                _("Nothing was done: %(why)s") % {"why": refused.message},
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                _("Edited and published. The author's own words are kept as a revision."),
                messages.SUCCESS,
            )

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
