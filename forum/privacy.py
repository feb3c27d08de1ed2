"""
A member's data in the forum: its part of their data export (everything they wrote
and did here), and of deleting their account (what becomes of their posts, and
everything else of theirs going). config.privacy calls both, for the whole site.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy

from articles.generations import bump

from . import counters, lifecycle, pagecache
from .models import (
    CategorySubscription,
    Draft,
    Flag,
    HelpfulVote,
    ModeratorNote,
    Notification,
    Post,
    PostRevision,
    Topic,
    TopicSubscription,
)
from .notifications.inbox import INBOXES, inbox_changed
from .search.index import reindex_topics

# The title a question keeps when its asker removed everything they wrote but others'
# replies keep its thread.
REMOVED_QUESTION_TITLE = gettext_lazy("A question removed by its author")


def _iso(value):
    return value.isoformat() if value else None


def _question(topic):
    return {"id": topic.pk, "title": topic.title, "url": topic.get_absolute_url()}


def export_member(member):
    """
    The forum's part of `member`'s export, as JSON-ready data: every post of theirs in
    every state with its Markdown and earlier versions, the helpful marks they gave,
    what they follow, the flags they raised, their drafts and notifications. Other
    members appear only by the name the site shows for them (Post.display_author).
    """
    posts = (
        Post.objects.filter(author=member)
        .select_related("topic__category")
        .prefetch_related("revisions")
        .order_by("created_at", "pk")
    )
    marks = HelpfulVote.objects.filter(member=member).select_related(
        "post__author", "post__topic__category"
    )
    flags = Flag.objects.filter(flagger=member).select_related("post__topic__category")
    notifications = Notification.objects.filter(recipient=member).select_related(
        "post__author", "post__topic__category"
    )
    return {
        "posts": [
            {
                "id": post.pk,
                "question": _question(post.topic),
                "is_question": post.topic.opening_post_id == post.pk,
                "anonymous": post.is_anonymous,
                "state": post.state,
                "markdown": post.body,
                "written_at": _iso(post.created_at),
                "published_at": _iso(post.published_at),
                "edited_at": _iso(post.edited_at),
                "removed_at": _iso(post.removed_at),
                "helpful_marks": post.helpful_count,
                "reason_not_published": post.rejection_reason,
                "earlier_versions": [
                    {
                        "title": revision.title,
                        "markdown": revision.body,
                        "replaced_at": _iso(revision.created_at),
                    }
                    for revision in post.revisions.all()
                ],
            }
            for post in posts
        ],
        "helpful_marks_given": [
            {
                "post_id": mark.post_id,
                "post_author": mark.post.display_author,
                "question": _question(mark.post.topic),
                "marked_at": _iso(mark.created_at),
            }
            for mark in marks
        ],
        "followed_questions": [
            {**_question(follow.topic), "since": _iso(follow.created_at)}
            for follow in TopicSubscription.objects.filter(member=member).select_related(
                "topic__category"
            )
        ],
        "followed_categories": [
            {"name": follow.category.name, "since": _iso(follow.created_at)}
            for follow in CategorySubscription.objects.filter(member=member).select_related(
                "category"
            )
        ],
        "flags_raised": [
            {
                "post_id": flag.post_id,
                "question": _question(flag.post.topic),
                "reason": flag.reason,
                "details": flag.detail,
                "flagged_at": _iso(flag.created_at),
                "resolved_at": _iso(flag.resolved_at),
                "resolution": flag.resolution,
            }
            for flag in flags
        ],
        "drafts": [
            {
                "question_id": draft.topic_id,
                "title": draft.title,
                "markdown": draft.body,
                "saved_at": _iso(draft.updated_at),
            }
            for draft in Draft.objects.filter(author=member).order_by("pk")
        ],
        "notifications": [
            {
                "reason": notification.reason,
                "post_id": notification.post_id,
                "post_author": notification.post.display_author,
                "question": _question(notification.post.topic),
                "created_at": _iso(notification.created_at),
                "read_at": _iso(notification.read_at),
            }
            for notification in notifications
        ],
    }


def _forget_marks_given(member):
    """Take back every helpful mark `member` gave, each post's count with it."""
    marked = list(HelpfulVote.objects.filter(member=member).values_list("post_id", flat=True))
    HelpfulVote.objects.filter(member=member).delete()
    Post.objects.filter(pk__in=marked, helpful_count__gt=0).update(
        helpful_count=F("helpful_count") - 1
    )


def _erase_questions(topic_ids, erased_ids):
    """Questions whose opening post is erased: gone when nobody else wrote in them,
    otherwise kept, untitled, for the thread of others' replies."""
    for topic in Topic.objects.filter(pk__in=topic_ids):
        if Post.objects.filter(topic=topic).exclude(pk__in=erased_ids).exists():
            Topic.objects.filter(pk=topic.pk).update(
                title=str(REMOVED_QUESTION_TITLE), slug="removed-question"
            )
        else:
            Topic.objects.filter(pk=topic.pk).update(opening_post=None, accepted_answer=None)
            Topic.objects.filter(pk=topic.pk).delete()
            counters.recount_category(topic.category_id)


@transaction.atomic
def erase_member(*, member, keep_posts):
    """
    The forum's part of deleting `member`'s account. Their drafts, notifications,
    follows, flags and helpful marks go (the marks' counts with them), and so do the
    earlier versions of their posts. With `keep_posts`, their published posts stay,
    signed "Former member"; everything else they wrote (all of it without
    `keep_posts`) is removed through forum.lifecycle, so that counters and answers
    that helped stay right, and its text erased: a question others replied to keeps
    its thread under a neutral title, one nobody else wrote in goes. Returns how many
    posts were kept.
    """
    _forget_marks_given(member)
    Flag.objects.filter(flagger=member).delete()
    Draft.objects.filter(author=member).delete()
    Notification.objects.filter(recipient=member).delete()
    inbox_changed(member.pk)
    TopicSubscription.objects.filter(member=member).delete()
    CategorySubscription.objects.filter(member=member).delete()
    PostRevision.objects.filter(post__author=member).delete()

    posts = Post.objects.filter(author=member)
    kept = (
        set(posts.filter(state=Post.State.APPROVED).values_list("pk", flat=True))
        if keep_posts
        else set()
    )
    erased = posts.exclude(pk__in=kept)
    for post in erased.exclude(state=Post.State.REMOVED).order_by("-pk"):
        lifecycle.change_state(post, lifecycle.REMOVE)
    erased_ids = list(erased.values_list("pk", flat=True))
    opened = list(Topic.objects.filter(opening_post__in=erased_ids).values_list("pk", flat=True))
    Notification.objects.filter(post__in=erased_ids).delete()
    bump(INBOXES)
    ModeratorNote.objects.filter(post__in=erased_ids).delete()
    Post.objects.filter(pk__in=erased_ids).update(
        author=None, body="", body_html="", rejection_reason="", risk_score=0, risk_signals=[]
    )
    _erase_questions(opened, erased_ids)
    # Nothing of the erased text stays in the search index, even of questions that went.
    reindex_topics(opened)
    Post.objects.filter(pk__in=kept).update(author=None)
    # Pages kept for visitors that named them (the questions they wrote in, the lists,
    # other questions' related questions) are built afresh, signed "Former member".
    touched = Topic.objects.filter(posts__pk__in=kept).values_list("pk", "category__slug")
    names = {name for pk, slug in touched for name in (f"topic:{pk}", f"category:{slug}")}
    bump(pagecache.FORUM, pagecache.WITHDRAWN, *names)
    return len(kept)
