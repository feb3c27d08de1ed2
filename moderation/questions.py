"""
Moderating questions: locking, pinning, moving, merging a duplicate into another
question, hiding and restoring. Every action is done by a moderator, in one
transaction, and recorded in the moderation log.

An action that does not apply to a question as it is now (locking a locked question,
moving a question to the category it is in) raises Refused, whose message says why,
and changes nothing. The admin goes through these functions.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from forum import audit, counters, lifecycle, pagecache
from forum.errors import Refused
from forum.models import Draft, ModerationEvent, Post, Topic, TopicSubscription
from forum.search.index import reindex_topic, reindex_topics

from .authority import check_moderator


def _lock(topic):
    """The question's row, locked for the rest of the transaction, with its category
    and opening post."""
    return (
        Topic.objects.select_for_update(of=("self",))
        .select_related("category", "opening_post__author")
        .get(pk=topic.pk)
    )


def _refuse_merged(topic):
    if topic.merged_into_id is not None:
        raise Refused(_("This question was merged into another one."), code="merged")


def _setting(name, field, value, *, action, refusal, code, doc):
    """A decision that sets one of a question's switches (locked, pinned) and logs it,
    refused when the switch is set so already."""

    @transaction.atomic
    def decide(*, topic, moderator, reason=""):
        check_moderator(moderator)
        locked = _lock(topic)
        _refuse_merged(locked)
        if getattr(locked, field) == value:
            raise Refused(refusal, code=code)
        setattr(locked, field, value)
        locked.save(update_fields=[field])
        pagecache.topic_changed(locked)
        audit.record(moderator=moderator, action=action, topic=locked, reason=reason.strip())
        return locked

    decide.__name__ = decide.__qualname__ = name
    decide.__doc__ = doc
    return decide


lock_topic = _setting(
    "lock_topic",
    "is_locked",
    True,
    action=ModerationEvent.Action.LOCK,
    refusal=_("This question is already locked."),
    code="already_locked",
    doc="""Close a question to new replies. Its existing posts stay as they are; their
    authors may still edit or remove them. Returns the topic.""",
)
unlock_topic = _setting(
    "unlock_topic",
    "is_locked",
    False,
    action=ModerationEvent.Action.UNLOCK,
    refusal=_("This question is not locked."),
    code="not_locked",
    doc="Open a locked question to new replies again. Returns the topic.",
)
pin_topic = _setting(
    "pin_topic",
    "is_pinned",
    True,
    action=ModerationEvent.Action.PIN,
    refusal=_("This question is already pinned."),
    code="already_pinned",
    doc="Put a question at the head of its category's list. Returns the topic.",
)
unpin_topic = _setting(
    "unpin_topic",
    "is_pinned",
    False,
    action=ModerationEvent.Action.UNPIN,
    refusal=_("This question is not pinned."),
    code="not_pinned",
    doc="Return a pinned question to its place by last activity. Returns the topic.",
)


@transaction.atomic
def move_topic(*, topic, moderator, category, reason=""):
    """
    Move a question to another category. Both categories are recounted. Its address
    changes with the category; the old one redirects to the new one (the question
    page sends any outdated address to the current one). Returns the topic.
    """
    check_moderator(moderator)
    locked = _lock(topic)
    _refuse_merged(locked)
    if locked.category_id == category.pk:
        raise Refused(_("This question is already in that category."), code="same_category")
    old = locked.category
    locked.category = category
    locked.save(update_fields=["category"])
    counters.recount(locked)
    counters.recount_category(old.pk)
    # The category's name is part of what finds the question.
    reindex_topic(locked)
    pagecache.topic_changed(locked, also_categories=[old.slug])
    audit.record(
        moderator=moderator,
        action=ModerationEvent.Action.MOVE,
        topic=locked,
        reason=reason.strip(),
        details={"from": old.name, "to": category.name},
    )
    return locked


def merge_refusal(*, topic, into):
    """Why `topic` cannot be merged into `into`, or None if it can: a duplicate is
    merged once, into another question that is published and not itself merged."""
    if topic.pk == into.pk:
        return Refused(_("A question cannot be merged into itself."), code="itself")
    if topic.merged_into_id is not None:
        return Refused(_("This question was merged into another one."), code="merged")
    if into.merged_into_id is not None:
        return Refused(
            _("The chosen question was itself merged into another one."), code="target_merged"
        )
    if into.opening_post is None or into.opening_post.state != Post.State.APPROVED:
        return Refused(_("The chosen question is not published."), code="target_unpublished")
    return None


@transaction.atomic
def merge_topic(*, topic, into, moderator, reason=""):
    """
    Merge the duplicate `topic` into the question `into`: all its posts move there
    (its opening post becomes a reply, in date order with the others), its followers
    follow `into`, reply drafts for it are discarded, its answer that helped is no
    longer marked, and it is locked. Its address then redirects to `into`, and it
    leaves every list. Notifications already sent keep working: they point at posts.
    Returns the duplicate.
    """
    check_moderator(moderator)
    # Both rows, locked in a fixed order so that two merges cannot wait on each other.
    first, second = sorted([topic.pk, into.pk])
    locked = {t.pk: t for t in map(_lock, [Topic(pk=first), Topic(pk=second)])}
    duplicate, target = locked[topic.pk], locked[into.pk]
    refusal = merge_refusal(topic=duplicate, into=target)
    if refusal is not None:
        raise refusal

    moved = Post.objects.filter(topic=duplicate).update(topic=target)
    following_target = TopicSubscription.objects.filter(topic=target).values("member_id")
    TopicSubscription.objects.filter(topic=duplicate).exclude(
        member_id__in=following_target
    ).update(topic=target)
    TopicSubscription.objects.filter(topic=duplicate).delete()
    Draft.objects.filter(topic=duplicate).delete()
    # Duplicates merged into this one earlier now lead straight to the target.
    Topic.objects.filter(merged_into=duplicate).update(merged_into=target)

    duplicate.merged_into = target
    duplicate.accepted_answer = None
    duplicate.is_locked = True
    duplicate.is_pinned = False
    duplicate.save(update_fields=["merged_into", "accepted_answer", "is_locked", "is_pinned"])
    counters.recount(duplicate)
    counters.recount(target)
    reindex_topics([duplicate.pk, target.pk])
    pagecache.topic_changed(duplicate, withdrawn=True)
    pagecache.topic_changed(target)
    audit.record(
        moderator=moderator,
        action=ModerationEvent.Action.MERGE,
        topic=duplicate,
        reason=reason.strip(),
        details={"into": target.pk, "into_title": target.title, "posts_moved": moved},
    )
    return duplicate


@transaction.atomic
def hide_topic(*, topic, moderator, reason=""):
    """Hide a published question: its opening post becomes hidden, so only its author
    and moderators see the question. Its replies keep their states. Returns the
    topic."""
    check_moderator(moderator)
    locked = _lock(topic)
    _refuse_merged(locked)
    locked.opening_post = lifecycle.change_state(
        locked.opening_post, lifecycle.HIDE_QUESTION, actor=moderator, reason=reason
    )
    locked.refresh_from_db(fields=["reply_count", "last_activity_at"])
    return locked


@transaction.atomic
def restore_topic(*, topic, moderator, reason=""):
    """Publish a hidden question again. Open flags on its opening post stay for the
    queue to decide. Followers not yet told of it are told now. Returns the topic."""
    check_moderator(moderator)
    locked = _lock(topic)
    _refuse_merged(locked)
    locked.opening_post = lifecycle.change_state(
        locked.opening_post, lifecycle.RESTORE_QUESTION, actor=moderator, reason=reason
    )
    locked.refresh_from_db(fields=["reply_count", "last_activity_at"])
    return locked
