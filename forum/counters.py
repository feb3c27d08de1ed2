"""
The counters kept on questions and categories (replies, questions, last activity), so
that lists read them without counting. They are changed in the transaction that
changes what they count, by forum.lifecycle and by the moderators' moves and merges.
"""

from django.db.models import F, Max, Value
from django.db.models.functions import Coalesce, Greatest

from .models import Category, Post, Topic


def count_publication(post, *, when):
    """Count a post that has just become visible to all: its question's and its
    category's counters, updated in the database with F()."""
    latest = Greatest(Coalesce(F("last_activity_at"), Value(when)), Value(when))
    topics = Topic.objects.filter(pk=post.topic_id)
    categories = Category.objects.filter(pk=post.topic.category_id)
    if post.is_opening:
        topics.update(last_activity_at=latest)
        categories.update(question_count=F("question_count") + 1, last_activity_at=latest)
    else:
        topics.update(reply_count=F("reply_count") + 1, last_activity_at=latest)
        categories.update(reply_count=F("reply_count") + 1, last_activity_at=latest)


def recount_topic(topic):
    """Recount a question's replies and last activity from its published posts."""
    approved = Post.State.APPROVED
    posts = Post.objects.filter(topic=topic, state=approved)
    latest = posts.aggregate(latest=Max("published_at"))["latest"]
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=posts.exclude(pk=topic.opening_post_id).count(),
        last_activity_at=latest or topic.created_at,
    )


def recount_category(category_id):
    """Recount a category's published questions, their replies and its last activity."""
    approved = Post.State.APPROVED
    published = Topic.objects.filter(
        category_id=category_id, opening_post__state=approved, merged_into__isnull=True
    )
    Category.objects.filter(pk=category_id).update(
        question_count=published.count(),
        reply_count=Post.objects.filter(topic__in=published.values("pk"), state=approved)
        .exclude(pk=F("topic__opening_post"))
        .count(),
        last_activity_at=published.aggregate(latest=Max("last_activity_at"))["latest"],
    )


def recount(topic):
    """
    Recount a question and its category after a published post leaves or comes back
    (hidden, restored, rejected, removed, sent back to review). Those changes are rare;
    publishing, which is frequent, uses count_publication.
    """
    recount_topic(topic)
    recount_category(topic.category_id)
