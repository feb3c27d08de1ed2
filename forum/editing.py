"""
Authors editing and removing their own posts. Every edit keeps the text it replaces
as a PostRevision, which moderators read in the admin; a removal keeps the post as a
placeholder so that the thread around it stays readable.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from markup.render import render_markdown

from .models import Post, PostRevision, Topic
from .risk import risk_fields
from .services import needs_review, refresh_counters

RESTRICTED = {
    "suspended": gettext_lazy("Your account is suspended, so you can't edit posts for now."),
    "unverified": gettext_lazy("Please confirm your e-mail address before you edit posts."),
}


def _lock(post):
    return Post.objects.select_for_update(of=("self",)).select_related("topic").get(pk=post.pk)


def is_unchanged(post, *, body, title=None):
    """Whether an edit would leave the post (and its question's title) as they are."""
    return body == post.body and (title is None or title == post.topic.title)


@transaction.atomic
def edit_post(*, post, editor, body, title=None):
    """
    Replace the text of the editor's own pending or published post (and, for an
    opening post, the question's title), keeping the earlier version as a revision.
    A published post by a member whose posts are still reviewed goes back to the
    review queue. An edit that changes nothing is not recorded. Returns the post.
    """
    locked = _lock(post)
    if not locked.is_editable_by(editor):
        raise PermissionDenied(_("Only the author can edit a post that is pending or published."))
    if not editor.is_active:
        raise PermissionDenied(_("Your account is not active."))
    restriction = editor.posting_restriction()
    if restriction is not None:
        raise PermissionDenied(str(RESTRICTED[restriction]))
    topic = locked.topic
    if not locked.is_opening:
        title = None
    if is_unchanged(locked, body=body, title=title):
        return locked

    now = timezone.now()
    PostRevision.objects.create(
        post=locked,
        title=topic.title if locked.is_opening else "",
        body=locked.body,
        edited_by=editor,
        created_at=now,
    )
    locked.body = body
    locked.body_html = render_markdown(body)
    locked.edited_at = now
    # An opening post is judged with its question's title, as it is after the edit.
    scored = risk_fields(body=body, title=(title or topic.title) if locked.is_opening else None)
    locked.risk_score, locked.risk_signals = scored["risk_score"], scored["risk_signals"]
    fields = ["body", "body_html", "edited_at", "risk_score", "risk_signals"]
    was_published = locked.state == Post.State.APPROVED
    if was_published and needs_review(editor):
        locked.state = Post.State.PENDING
        fields.append("state")
    locked.save(update_fields=fields)
    if title is not None and title != topic.title:
        topic.title = title
        topic.slug = slugify(title)[:80].strip("-") or "question"
        Topic.objects.filter(pk=topic.pk).update(title=topic.title, slug=topic.slug)
    if was_published and locked.state == Post.State.PENDING:
        refresh_counters(topic)
    return locked


@transaction.atomic
def remove_post(*, post, member):
    """
    The author removes their own post. It stays as a "removed by its author"
    placeholder if it was published (a question keeps its thread while it has
    replies); it no longer counts, and is no longer the answer that helped. Members
    may remove their posts even while suspended. Returns the post.
    """
    locked = _lock(post)
    if locked.author_id != member.pk:
        raise PermissionDenied(_("Only the author can remove a post."))
    if locked.is_removed:
        return locked
    was_published = locked.state == Post.State.APPROVED
    locked.state = Post.State.REMOVED
    locked.removed_at = timezone.now()
    locked.save(update_fields=["state", "removed_at"])
    Topic.objects.filter(pk=locked.topic_id, accepted_answer=locked).update(accepted_answer=None)
    if was_published:
        refresh_counters(locked.topic)
    return locked
