"""
The life of a post, and the only code that sets Post.state.

    written ──▶ pending ──approve──▶ approved ◀──restore── hidden
                   │                 │   │                    ▲
                   │                 │   └──────hide──────────┘
                   │                 └──send back (edited while under review)──▶ pending
                   └──reject──▶ rejected ◀──reject (flags upheld)── approved, hidden
    any state but removed ──remove (by its author)──▶ removed

A new post starts pending or approved by its author's standing (write_post). Every
later change is one of the transitions below, made by change_state, which in the
caller's transaction:

- locks the post and refuses (forum.errors.Refused) a transition that does not apply
  to its state now, so that two moderators deciding at once cannot both act;
- sets the state and what goes with it (who reviewed it and when, the reason for not
  publishing it, when it was first published or removed);
- keeps its question's and category's counters and the question's answer that helped;
- resolves its open flags where the transition decides them;
- writes the moderation log, where the transition is a moderation decision;
- queues the followers' notifications when the post becomes visible to everyone, and
  its author's when a moderator publishes it;
- tells the anonymous page cache that the question's pages changed (forum.pagecache).

Who may make a transition is for the caller to check (forum.editing, forum.flags and
the moderation app): this module knows what a transition does, not who asked for it.
"""

from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit, counters, pagecache
from .errors import Refused
from .models import Flag, ModerationEvent, Post, Topic
from .notifications.mentions import render_post
from .notifications.tasks import notify_author_published, notify_followers
from .risk import risk_fields
from .search.index import reindex_topic
from .standing import needs_review

State = Post.State
Action = ModerationEvent.Action


@dataclass(frozen=True)
class Transition:
    """A change of a post's state: from which states, to which, what a refusal says
    (and its code), and what it records: its entry in the moderation log and what its
    open flags become."""

    name: str
    sources: frozenset
    target: str
    refusal: str
    refusal_code: str
    audit_action: str | None = None
    flags_become: str | None = None
    # A moderator's review: who decided and when are kept on the post.
    is_review: bool = False

    def applies_to(self, post):
        """Whether the transition applies to `post` in its state now."""
        return post.state in self.sources


APPROVE = Transition(
    "approve",
    frozenset({State.PENDING}),
    State.APPROVED,
    _("This post is no longer waiting for review."),
    "not_pending",
    audit_action=Action.APPROVE,
    is_review=True,
)
# Not publishing a post: one waiting for review, or (agreeing with the flags) one that
# is published or hidden. Its open flags are upheld either way.
REJECT = Transition(
    "reject",
    frozenset({State.PENDING, State.APPROVED, State.HIDDEN}),
    State.REJECTED,
    _("This post was already rejected or removed."),
    "already_decided",
    audit_action=Action.REJECT,
    flags_become=Flag.Resolution.UPHELD,
    is_review=True,
)
# Taken off the forum until a moderator decides: by a moderator, or by members' flags.
# Its open flags stay open for that decision.
HIDE = Transition(
    "hide",
    frozenset({State.APPROVED}),
    State.HIDDEN,
    _("This post is not published."),
    "not_published",
    audit_action=Action.HIDE,
)
RESTORE = Transition(
    "restore",
    frozenset({State.HIDDEN}),
    State.APPROVED,
    _("This post is not hidden."),
    "not_hidden",
    audit_action=Action.RESTORE,
    flags_become=Flag.Resolution.DISMISSED,
)
# A whole question hidden or restored by a moderator: its opening post, logged as a
# decision on the question. Flags on it stay for the queue to decide.
HIDE_QUESTION = replace(
    HIDE, refusal=_("The question is not published."), audit_action=Action.HIDE_TOPIC
)
RESTORE_QUESTION = replace(
    RESTORE,
    refusal=_("The question is not hidden."),
    audit_action=Action.RESTORE_TOPIC,
    flags_become=None,
)
# A published post edited by a member whose posts are still reviewed.
SEND_BACK = Transition(
    "send_back",
    frozenset({State.APPROVED}),
    State.PENDING,
    _("This post is not published."),
    "not_published",
)
REMOVE = Transition(
    "remove",
    frozenset({State.PENDING, State.APPROVED, State.REJECTED, State.HIDDEN}),
    State.REMOVED,
    _("This post is already removed."),
    "already_removed",
)


def _announce(post):
    """Tell the followers of a post that everyone may now see, once the transaction
    that published it has committed."""
    transaction.on_commit(lambda: notify_followers.enqueue(post.pk))


def write_post(*, topic, author, body, when=None):
    """
    Save a new post (the opening post of `topic` if it has none yet, a reply
    otherwise): anonymous when it is the asker's in a question asked anonymously;
    rendered and scored for risk once, here, and waiting for review or
    published by its author's standing. A published one is counted and announced to
    followers. Call inside the transaction that checked the author may post. Returns
    the post.
    """
    when = when or timezone.now()
    is_opening = topic.opening_post_id is None
    published = not needs_review(author)
    post = Post.objects.create(
        topic=topic,
        author=author,
        # In a question asked anonymously, its asker's replies are anonymous too.
        is_anonymous=topic.is_anonymous
        and (is_opening or Post.objects.filter(pk=topic.opening_post_id, author=author).exists()),
        body=body,
        body_html=render_post(body),
        state=State.APPROVED if published else State.PENDING,
        created_at=when,
        published_at=when if published else None,
        # An opening post is judged with its question's title.
        **risk_fields(body=body, title=topic.title if is_opening else None),
    )
    if is_opening:
        topic.opening_post = post
        topic.save(update_fields=["opening_post"])
    if published:
        counters.count_publication(post, when=when)
        reindex_topic(topic)
        pagecache.topic_changed(topic)
        _announce(post)
    return post


def lock_question(topic):
    """Take the question's write lock for the rest of the transaction: its row, locked
    on PostgreSQL; on SQLite, which locks the whole database for a write, a write."""
    if connection.features.has_select_for_update:
        Topic.objects.select_for_update().filter(pk=topic.pk).values_list("pk").first()
    else:
        Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count"))


def lock(post):
    """The post's row, locked for the rest of the transaction, with its question."""
    return Post.objects.select_for_update(of=("self",)).select_related("topic").get(pk=post.pk)


def change_state(post, transition, *, actor=None, reason="", details=None, when=None):
    """
    Make `transition` on `post`: see the module's docstring for everything it does.
    `actor` is the moderator deciding (None when the forum acts on members' flags, or
    for an author's own edit or removal); `reason` is what the moderation log and, for
    a rejection, the author are given. Raises Refused, changing nothing, when the post
    is not in a state the transition applies to. Returns the post as it is now.
    """
    if transition.target == State.REJECTED and not reason.strip():
        raise Refused(_("Give the author a reason for not publishing it."), code="no_reason")
    locked = lock(post)
    if not transition.applies_to(locked):
        raise Refused(transition.refusal, code=transition.refusal_code)
    when = when or timezone.now()
    was_published = locked.state == State.APPROVED
    came_from = locked.state

    locked.state = transition.target
    fields = ["state"]
    if transition.is_review and actor is not None:
        locked.reviewed_at, locked.reviewed_by = when, actor
        fields += ["reviewed_at", "reviewed_by"]
    if transition.target == State.REJECTED:
        locked.rejection_reason = reason.strip()
        fields.append("rejection_reason")
    if transition.target == State.REMOVED:
        locked.removed_at = when
        fields.append("removed_at")
    if locked.state == State.APPROVED and locked.published_at is None:
        locked.published_at = when
        fields.append("published_at")
    locked.save(update_fields=fields)

    if transition.target == State.REMOVED:
        Topic.objects.filter(pk=locked.topic_id, accepted_answer=locked).update(
            accepted_answer=None
        )
    if came_from == State.PENDING and locked.state == State.APPROVED:
        counters.count_publication(locked, when=when)
        # Its author has been waiting for this: tell them, off the request path.
        transaction.on_commit(lambda: notify_author_published.enqueue(locked.pk))
    elif was_published != (locked.state == State.APPROVED):
        counters.recount(locked.topic)
    if transition.flags_become:
        Flag.objects.filter(post=locked, resolved_at__isnull=True).update(
            resolved_at=when, resolved_by=actor, resolution=transition.flags_become
        )
    if transition.audit_action:
        audit.record(
            post=locked,
            moderator=actor,
            action=transition.audit_action,
            reason=reason.strip(),
            details=details,
            when=when,
        )
    # What everyone may read of the question changed: so does what finds it.
    reindex_topic(locked.topic_id)
    pagecache.topic_changed(
        locked.topic_id, withdrawn=was_published and locked.state != State.APPROVED
    )
    if locked.state == State.APPROVED:
        _announce(locked)
    return locked
