"""
Helpful marks on replies, and the reply the asker marks as the answer that helped them.

Each function checks who may do it and raises PermissionDenied with a message the page
can show; doing something twice (a double submit) changes nothing the second time.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import HelpfulVote, Post, Topic

RESTRICTED = {
    "suspended": gettext_lazy("Your account is suspended, so you can't mark replies for now."),
    "unverified": gettext_lazy("Please confirm your e-mail address before you mark replies."),
}


def _check_may_act(member):
    if not member.is_active:
        raise PermissionDenied(_("Your account is not active."))
    restriction = member.posting_restriction()
    if restriction is not None:
        raise PermissionDenied(str(RESTRICTED[restriction]))


def _check_may_mark(*, post, member):
    _check_may_act(member)
    if post.author_id == member.pk:
        raise PermissionDenied(_("You can't mark your own post as helpful."))
    if not post.may_be_marked_helpful_by(member):
        raise PermissionDenied(_("Only published replies can be marked as helpful."))


@transaction.atomic
def mark_helpful(*, post, member):
    """Mark a published reply by someone else as helpful: once per member. Returns the
    post with its count up to date."""
    _check_may_mark(post=post, member=member)
    _, created = HelpfulVote.objects.get_or_create(post=post, member=member)
    if created:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
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
    post.refresh_from_db(fields=["helpful_count"])
    return post


def _lock_topic(post):
    return (
        Topic.objects.select_for_update(of=("self",))
        .select_related("opening_post")
        .get(pk=post.topic_id)
    )


def _check_asker(*, topic, member):
    _check_may_act(member)
    if topic.opening_post.author_id != member.pk:
        raise PermissionDenied(_("Only the member who asked can choose the answer that helped."))


@transaction.atomic
def accept_answer(*, post, member):
    """The asker marks a published reply by someone else as the answer that helped
    them, replacing any earlier choice. Returns the topic."""
    topic = _lock_topic(post)
    _check_asker(topic=topic, member=member)
    post.topic = topic
    if post.is_opening:
        raise PermissionDenied(_("The question itself can't be its own answer."))
    if post.author_id == member.pk:
        raise PermissionDenied(_("Choose a reply by another member as the answer that helped."))
    if not post.may_be_accepted_by(member):
        raise PermissionDenied(_("Only a published reply can be the answer that helped."))
    if topic.accepted_answer_id != post.pk:
        topic.accepted_answer = post
        topic.save(update_fields=["accepted_answer"])
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
    return topic
