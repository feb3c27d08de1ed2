"""
Forum workflows: asking, replying and moderating. Views, the admin and management
commands all go through these functions.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from markup.render import render_markdown

from . import audit
from .models import Category, Flag, ModerationEvent, Post, Topic
from .notifications import follow_topic
from .risk import risk_fields
from .tasks import notify_followers, send_rejection_notice


def needs_review(author):
    """Whether a new post by `author` waits for a moderator before it is published."""
    if author.is_moderator():
        return False
    if author.review_policy == author.ReviewPolicy.ALWAYS:
        return True
    approved = Post.objects.filter(author=author).approved().count()
    return approved < settings.ASKWELL_APPROVALS_BEFORE_TRUST


def _check_may_post(author):
    if not author.is_active or author.posting_restriction() is not None:
        raise PermissionDenied


def record_publication(post, *, when):
    """Count a post that has just become visible to all: its topic's and its category's
    counters, updated in the database (F()) inside the caller's transaction."""
    if post.published_at is None:
        post.published_at = when
        Post.objects.filter(pk=post.pk).update(published_at=when)
    latest = Greatest(Coalesce(F("last_activity_at"), Value(when)), Value(when))
    topics = Topic.objects.filter(pk=post.topic_id)
    categories = Category.objects.filter(pk=post.topic.category_id)
    if post.is_opening:
        topics.update(last_activity_at=latest)
        categories.update(question_count=F("question_count") + 1, last_activity_at=latest)
    else:
        topics.update(reply_count=F("reply_count") + 1, last_activity_at=latest)
        categories.update(reply_count=F("reply_count") + 1, last_activity_at=latest)


def refresh_counters(topic):
    """
    Recount a topic's and its category's counters from the posts themselves, after a
    published post leaves or comes back (hidden, restored, removed by its author).
    Those changes are rare; publishing, which is frequent, uses record_publication.
    Call inside the transaction that changed the post.
    """
    approved = Post.State.APPROVED
    replies = Post.objects.filter(topic=topic, state=approved).exclude(pk=topic.opening_post_id)
    latest = Post.objects.filter(topic=topic, state=approved).aggregate(latest=Max("published_at"))[
        "latest"
    ]
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=replies.count(), last_activity_at=latest or topic.created_at
    )
    published = Topic.objects.filter(
        category_id=topic.category_id, opening_post__state=approved, merged_into__isnull=True
    )
    Category.objects.filter(pk=topic.category_id).update(
        question_count=published.count(),
        reply_count=Post.objects.filter(topic__in=published.values("pk"), state=approved)
        .exclude(pk=F("topic__opening_post"))
        .count(),
        last_activity_at=published.aggregate(latest=Max("last_activity_at"))["latest"],
    )


def _write_post(*, topic, author, body):
    """Save a new post, published or pending by its author's standing, and count it
    if it is published."""
    now = timezone.now()
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        body_html=render_markdown(body),
        state=Post.State.PENDING if needs_review(author) else Post.State.APPROVED,
        created_at=now,
        # An opening post is judged with its question's title.
        **risk_fields(body=body, title=topic.title if topic.opening_post_id is None else None),
    )
    if topic.opening_post_id is None:
        topic.opening_post = post
        topic.save(update_fields=["opening_post"])
    if post.state == Post.State.APPROVED:
        record_publication(post, when=now)
        transaction.on_commit(lambda: notify_followers.enqueue(post.pk))
    return post


@transaction.atomic
def ask_question(*, author, category, title, body, article=None):
    """Create a question (topic and opening post), published or pending by the
    author's standing. Returns the topic."""
    _check_may_post(author)
    now = timezone.now()
    topic = Topic.objects.create(
        category=category,
        title=title,
        slug=slugify(title)[:80].strip("-") or "question",
        article=article,
        created_at=now,
        last_activity_at=now,
    )
    _write_post(topic=topic, author=author, body=body)
    follow_topic(member=author, topic=topic)
    return topic


class TopicLocked(PermissionDenied):
    """The question is locked by a moderator: it takes no new replies."""

    message = _("This question is locked: no new replies.")

    def __init__(self):
        super().__init__(self.message)


@transaction.atomic
def reply_to_topic(*, author, topic, body):
    """Add a reply to a published question that is not locked. Returns the post."""
    _check_may_post(author)
    if not topic.is_published:
        raise PermissionDenied
    if topic.is_locked:
        raise TopicLocked
    return _write_post(topic=topic, author=author, body=body)


def _lock_pending(post):
    locked = Post.objects.select_for_update(of=("self",)).select_related("topic").get(pk=post.pk)
    return locked if locked.state == Post.State.PENDING else None


@transaction.atomic
def approve_post(*, post, moderator):
    """Publish a pending post. A post that is no longer pending is left as it is."""
    if not moderator.is_moderator():
        raise PermissionDenied
    locked = _lock_pending(post)
    if locked is None:
        return post
    now = timezone.now()
    locked.state = Post.State.APPROVED
    locked.reviewed_at = now
    locked.reviewed_by = moderator
    locked.save(update_fields=["state", "reviewed_at", "reviewed_by"])
    record_publication(locked, when=now)
    audit.record(post=locked, moderator=moderator, action=ModerationEvent.Action.APPROVE, when=now)
    transaction.on_commit(lambda: notify_followers.enqueue(locked.pk))
    return locked


def rejection_text(*, reason="", canned_reason=None):
    """What the author of a rejected post is told: the canned reason's text, then the
    moderator's own words. Raises ValueError when both are empty."""
    parts = [canned_reason.text.strip() if canned_reason is not None else "", reason.strip()]
    text = "\n\n".join(part for part in parts if part)
    if not text:
        raise ValueError("A rejection needs a reason for the author.")
    return text


def rejection_details(canned_reason):
    return {"canned_reason": canned_reason.title} if canned_reason is not None else {}


@transaction.atomic
def save_rejection_reason(*, moderator, rejection_reason, changed_fields=()):
    """Add or change a canned reason for rejecting posts (the admin's form has set
    its fields), recorded in the moderation log. Returns it."""
    if not moderator.is_moderator():
        raise PermissionDenied
    created = rejection_reason.pk is None
    rejection_reason.save()
    audit.record(
        moderator=moderator,
        action=ModerationEvent.Action.CHANGE_REASON,
        reason=rejection_reason.text,
        details={
            "canned_reason": rejection_reason.title,
            "added": created,
            "changed": sorted(changed_fields),
            "offered": rejection_reason.is_active,
        },
    )
    return rejection_reason


@transaction.atomic
def reject_post(*, post, moderator, reason="", canned_reason=None):
    """Keep a pending post unpublished and tell its author why, by e-mail: the canned
    reason's text and/or the moderator's `reason`. Open flags on it are upheld."""
    if not moderator.is_moderator():
        raise PermissionDenied
    reason = rejection_text(reason=reason, canned_reason=canned_reason)
    locked = _lock_pending(post)
    if locked is None:
        return post
    now = timezone.now()
    locked.state = Post.State.REJECTED
    locked.rejection_reason = reason
    locked.reviewed_at = now
    locked.reviewed_by = moderator
    locked.save(update_fields=["state", "rejection_reason", "reviewed_at", "reviewed_by"])
    Flag.objects.filter(post=locked, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=moderator, resolution=Flag.Resolution.UPHELD
    )
    audit.record(
        post=locked,
        moderator=moderator,
        action=ModerationEvent.Action.REJECT,
        reason=reason,
        details=rejection_details(canned_reason),
        when=now,
    )
    transaction.on_commit(lambda: send_rejection_notice.enqueue(locked.pk))
    return locked
