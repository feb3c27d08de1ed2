"""
How views fetch questions and posts: only through the one visibility rule, so that a
question or post the viewer may not see and one that does not exist are both a 404.
Also the question page's own queries, with what it shows about the viewer.
"""

from django.db.models import Exists, OuterRef, Value
from django.shortcuts import get_object_or_404

from .models import Flag, HelpfulVote, Post, Topic, TopicSubscription


def get_visible_topic(user, pk, queryset=None):
    """The question `user` may open, or Http404."""
    topics = Topic.objects.all() if queryset is None else queryset
    return get_object_or_404(topics.visible_to(user), pk=pk)


def get_visible_post(user, pk, queryset=None):
    """The post `user` may see, in a question they may open, or Http404."""
    posts = Post.objects.select_related("author", "topic__category", "topic__opening_post")
    if queryset is not None:
        posts = queryset
    return get_object_or_404(posts.visible_to(user), pk=pk)


def _helpful_by(user, post_field="pk"):
    """Whether `user` marked the post at `post_field` as helpful."""
    if not user.is_authenticated:
        return Value(False)
    return Exists(HelpfulVote.objects.filter(post=OuterRef(post_field), member=user))


def _flagged_by(user, post_field="pk"):
    """Whether `user` has an open flag on the post at `post_field`."""
    if not user.is_authenticated:
        return Value(False)
    return Exists(
        Flag.objects.filter(post=OuterRef(post_field), flagger=user, resolved_at__isnull=True)
    )


def posts_for_page(user):
    """Posts `user` may see, with what the question page shows about them and the
    viewer: their author, the moderator's note, and whether the viewer marked or
    flagged them."""
    return (
        Post.objects.visible_to(user)
        .select_related("author", "moderator_note__source_article")
        .annotate(helpful_by_me=_helpful_by(user), flagged_by_me=_flagged_by(user))
    )


def get_topic_for_page(user, pk):
    """The question, with what its page needs about the viewer in the same query: the
    opening post and the answer that helped (if the viewer may see it), whether they
    flagged either, and whether they follow the question. Http404 if they may not
    open it."""
    topics = Topic.objects.select_related(
        "category",
        "article",
        "opening_post__author",
        "accepted_answer__author",
        "opening_post__moderator_note__source_article",
        "accepted_answer__moderator_note__source_article",
    ).annotate(
        accepted_is_visible=Exists(
            Post.objects.visible_to(user).filter(pk=OuterRef("accepted_answer_id"))
        ),
        opening_flagged_by_me=_flagged_by(user, "opening_post"),
        accepted_flagged_by_me=_flagged_by(user, "accepted_answer"),
        accepted_helpful_by_me=_helpful_by(user, "accepted_answer"),
        following=(
            Exists(TopicSubscription.objects.filter(member=user, topic=OuterRef("pk")))
            if user.is_authenticated
            else Value(False)
        ),
    )
    topic = get_visible_topic(user, pk, topics)
    topic.opening_post.flagged_by_me = topic.opening_flagged_by_me
    topic.opening_post.helpful_by_me = False
    if topic.accepted_answer is not None:
        topic.accepted_answer.flagged_by_me = topic.accepted_flagged_by_me
        topic.accepted_answer.helpful_by_me = topic.accepted_helpful_by_me
    return topic
