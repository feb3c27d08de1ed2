"""
How views fetch questions and posts: only through the one visibility rule, so that a
question or post the viewer may not see and one that does not exist are both a 404.
Also the question page's own queries, with what it shows about the viewer.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    Post,
    Topic,
    post_is_visible,
    topic_is_visible,
)


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


PAGE_LEAVES_OUT = (
    "body",
    "risk_signals",
    "author__password",
    "author__bio",
    "author__suspension_reason",
)


def posts_for_page(user, topic):
    """The posts of `topic`, which `user` may open, that they may see, with what the
    question page shows about them: their author and the moderator's note. What the
    viewer did to them is read by forum.question_page.member_state."""
    return (
        Post.objects.visible_in_open_question(user, topic)
        .select_related("author", "moderator_note__source_article")
        # What the page never shows: the Markdown source (its HTML is what is shown,
        # from the cache mostly), the risk signals and the authors' private fields.
        .defer(*PAGE_LEAVES_OUT)
    )


def get_topic_for_page(user, pk):
    """The question, with its opening post and the answer that helped, their authors
    and moderators' notes, in one query; Http404 if `user` may not open it.
    `topic.visible_accepted_answer` is the answer if `user` may see it, else None."""
    topics = Topic.objects.select_related(
        "category",
        "article",
        "opening_post__author",
        "accepted_answer__author",
        "opening_post__moderator_note__source_article",
        "accepted_answer__moderator_note__source_article",
    )
    # Loaded by its id alone and checked with the rule in Python (topic_is_visible):
    # the question page has its opening post at hand already.
    topic = get_object_or_404(topics, pk=pk)
    if not topic_is_visible(topic, user):
        raise Http404
    accepted = topic.accepted_answer
    if accepted is not None:
        if accepted.topic_id == topic.pk:
            accepted.topic = topic
            if not post_is_visible(accepted, user):
                accepted = None
        elif not Post.objects.visible_to(user).filter(pk=accepted.pk).exists():
            accepted = None
    topic.visible_accepted_answer = accepted
    return topic
