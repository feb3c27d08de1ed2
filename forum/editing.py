"""
Authors editing and removing their own posts. Every edit keeps the text it replaces
as a PostRevision: moderators read it in the admin, and the post's edit history
(forum.revisions) shows who edited it and when to all its readers, and what changed to
its author and the moderators. A removal keeps the post as a placeholder so that the
thread around it stays readable.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import lifecycle, pagecache
from .asking import slug_for
from .errors import Refused
from .models import PostRevision, Topic
from .notifications.mentions import render_post
from .notifications.tasks import notify_mentioned
from .risk import risk_fields
from .search.index import reindex_topic
from .standing import check_may_act, needs_review


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
    locked = lifecycle.lock(post)
    if not locked.is_editable_by(editor):
        raise Refused(
            _("Only the author can edit a post that is pending or published."), code="not_editable"
        )
    check_may_act(editor, doing="edit")
    now = timezone.now()
    if replace_text(locked, editor=editor, body=body, title=title, when=now) is None:
        return locked
    if locked.state == locked.State.APPROVED and needs_review(editor):
        locked = lifecycle.change_state(locked, lifecycle.SEND_BACK, when=now)
    elif locked.state == locked.State.APPROVED:
        # Still published: whoever the new text mentions is told now. (A post sent back
        # tells them when it is published again.)
        post_id = locked.pk
        transaction.on_commit(lambda: notify_mentioned.enqueue(post_id))
    return locked


def replace_text(locked, *, editor, body, title=None, when=None):
    """
    Replace the text of `locked` (a post its caller has locked and may change) and,
    for an opening post, its question's title, keeping the earlier version as a
    revision by `editor`, the risk marks judged again. The callers decide who may:
    `edit_post` for authors, moderation's edit-then-approve for moderators. Returns
    the revision, or None when nothing changed.
    """
    topic = locked.topic
    if not locked.is_opening:
        title = None
    if is_unchanged(locked, body=body, title=title):
        return None
    when = when or timezone.now()
    revision = PostRevision.objects.create(
        post=locked,
        title=topic.title if locked.is_opening else "",
        body=locked.body,
        edited_by=editor,
        created_at=when,
    )
    locked.body = body
    locked.body_html = render_post(body)
    locked.edited_at = when
    # An opening post is judged with its question's title, as it is after the edit.
    scored = risk_fields(body=body, title=(title or topic.title) if locked.is_opening else None)
    locked.risk_score, locked.risk_signals = scored["risk_score"], scored["risk_signals"]
    locked.save(update_fields=["body", "body_html", "edited_at", "risk_score", "risk_signals"])
    retitled = title is not None and title != topic.title
    if retitled:
        topic.title, topic.slug = title, slug_for(title)
        Topic.objects.filter(pk=topic.pk).update(title=topic.title, slug=topic.slug)
    # What readers can find follows the new text (a change of state re-indexes too).
    reindex_topic(topic)
    pagecache.topic_changed(topic, withdrawn=retitled)
    return revision


@transaction.atomic
def remove_post(*, post, member):
    """
    The author removes their own post. It stays as a "removed by its author"
    placeholder if it was published (a question keeps its thread while it has
    replies); it no longer counts, and is no longer the answer that helped. Members
    may remove their posts even while suspended. Returns the post.
    """
    if post.author_id != member.pk:
        raise Refused(_("Only the author can remove a post."), code="not_author")
    return lifecycle.change_state(post, lifecycle.REMOVE)
