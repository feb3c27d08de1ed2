"""
Helpful marks on replies, and the reply the asker marks as the answer that helped them.

Each function checks who may do it and raises Refused with a message the page can
show; doing something twice (a double submit) changes nothing the second time.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from . import pagecache
from .errors import Refused
from .models import HelpfulVote, Post, Topic
from .search.index import reindex_topic
from .standing import check_may_act


def _check_may_mark(*, post, member):
    check_may_act(member, doing="mark")
    if post.author_id == member.pk:
        raise Refused(_("You can't mark your own post as helpful."), code="own_post")
    if not post.may_be_marked_helpful_by(member):
        raise Refused(
            _("Only published replies can be marked as helpful."), code="not_a_published_reply"
        )


@transaction.atomic
def mark_helpful(*, post, member):
    """Mark a published reply by someone else as helpful: once per member. Returns the
    post with its count up to date."""
    _check_may_mark(post=post, member=member)
    _, created = HelpfulVote.objects.get_or_create(post=post, member=member)
    if created:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
        pagecache.topic_changed(post.topic_id)
    post.refresh_from_db(fields=["helpful_count"])
    return post


@transaction.atomic
def unmark_helpful(*, post, member):
    """Take back a helpful mark. Returns the post with its count up to date."""
    _check_may_mark(post=post, member=member)
    deleted, _ = HelpfulVote.objects.filter(post=post, member=member).delete()
    if deleted:
        Post.objects.filter(pk=post.pk, helpful_count__gt=0).update(
            helpful_count=F("helpful_count") - 1
        )
        pagecache.topic_changed(post.topic_id)
    post.refresh_from_db(fields=["helpful_count"])
    return post


def _lock_topic(post):
    return (
        Topic.objects.select_for_update(of=("self",))
        .select_related("opening_post")
        .get(pk=post.topic_id)
    )


def _check_asker(*, topic, member):
    check_may_act(member, doing="mark")
    if topic.opening_post.author_id != member.pk:
        raise Refused(
            _("Only the member who asked can choose the answer that helped."), code="not_asker"
        )


@transaction.atomic
def accept_answer(*, post, member):
    """The asker marks a published reply by someone else as the answer that helped
    them, replacing any earlier choice. Returns the topic."""
    topic = _lock_topic(post)
    _check_asker(topic=topic, member=member)
    post.topic = topic
    if post.is_opening:
        raise Refused(_("The question itself can't be its own answer."), code="opening_post")
    if post.author_id == member.pk:
        raise Refused(
            _("Choose a reply by another member as the answer that helped."), code="own_post"
        )
    if not post.may_be_accepted_by(member):
        raise Refused(
            _("Only a published reply can be the answer that helped."), code="not_a_published_reply"
        )
    if topic.accepted_answer_id != post.pk:
        topic.accepted_answer = post
        topic.save(update_fields=["accepted_answer"])
        # The answer that helped weighs more in search than other replies.
        reindex_topic(topic)
        pagecache.topic_changed(topic)
    return topic


@transaction.atomic
def unaccept_answer(*, post, member):
    """The asker takes back their choice of `post` as the answer that helped. Nothing
    changes if another reply (or none) is the chosen one. Returns the topic."""
    topic = _lock_topic(post)
    _check_asker(topic=topic, member=member)
    if topic.accepted_answer_id == post.pk:
        topic.accepted_answer = None
        topic.save(update_fields=["accepted_answer"])
        reindex_topic(topic)
        pagecache.topic_changed(topic)
    return topic
