"""
Flags as a workflow: members flagging posts and the forum hiding a post once enough
members have flagged it. Forms and services, without pages. (Moderators deciding on
flags: moderation/tests/test_posts_flags.py.)
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from forum import flags
from forum.errors import Refused
from forum.forms import DETAIL_MAX_LENGTH, FlagForm
from forum.models import Flag, ModerationEvent, Post, Topic
from forum.tests.factories import make_reply, make_trusted_member

pytestmark = pytest.mark.usefixtures("three_flags_hide")


def flag_by(post, flagger=None, reason=Flag.Reason.SPAM, detail=""):
    return flags.flag_post(
        post=post, flagger=flagger or make_trusted_member(), reason=reason, detail=detail
    )


def dismissed(post, *, moderator):
    """The post's open flags dismissed, as a moderator's decision leaves them
    (moderation.posts.dismiss_flags)."""
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator, resolution=Flag.Resolution.DISMISSED
    )


def state_of(post):
    return Post.objects.get(pk=post.pk).state


def reply_count_of(topic):
    return Topic.objects.get(pk=topic.pk).reply_count


# The form.


def test_the_flag_form_accepts_a_reason_without_details():
    form = FlagForm({"reason": "spam", "detail": ""})

    assert form.is_valid()
    assert form.cleaned_data == {"reason": "spam", "detail": ""}


def test_the_flag_form_needs_a_reason():
    form = FlagForm({"detail": "It looks wrong."})

    assert form.has_error("reason", "required")
    assert form.errors["reason"] == ["Choose the reason that fits best."]


def test_the_flag_form_refuses_an_unknown_reason():
    form = FlagForm({"reason": "boring"})

    assert form.has_error("reason", "invalid_choice")
    assert form.errors["reason"] == ["Choose one of the reasons in the list."]


@pytest.mark.parametrize("detail", ["", "   "])
def test_the_flag_form_needs_details_for_another_reason(detail):
    form = FlagForm({"reason": "other", "detail": detail})

    assert form.has_error("detail", "detail_required")


def test_the_flag_form_refuses_details_that_are_too_long():
    form = FlagForm({"reason": "abuse", "detail": "x" * (DETAIL_MAX_LENGTH + 1)})

    assert form.has_error("detail", "max_length")
    assert "you wrote 1001" in form.errors["detail"][0]


def test_the_flag_form_explains_each_reason():
    html = str(FlagForm()["reason"])

    assert "Medical misinformation – Claims about the disease" in html
    assert html.count('type="radio"') == 5


# Flagging.


def test_a_member_flags_a_published_post(reply, other_member):
    flag = flags.flag_post(
        post=reply, flagger=other_member, reason="misinformation", detail=" Not true. "
    )

    assert (flag.post, flag.flagger, flag.reason, flag.detail) == (
        reply,
        other_member,
        "misinformation",
        "Not true.",
    )
    assert flag.resolved_at is None
    assert state_of(reply) == Post.State.APPROVED


def test_a_member_cannot_flag_their_own_post(reply, member):
    with pytest.raises(PermissionDenied):
        flag_by(reply, member)

    assert not Flag.objects.exists()


@pytest.mark.parametrize("flagger", ["suspended_member", "unverified_member"])
def test_a_member_who_may_not_post_may_not_flag(request, reply, flagger):
    with pytest.raises(PermissionDenied):
        flag_by(reply, request.getfixturevalue(flagger))

    assert not Flag.objects.exists()


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.REJECTED, Post.State.REMOVED])
def test_only_published_posts_can_be_flagged(question, other_member, state):
    post = make_reply(topic=question, state=state)

    with pytest.raises(PermissionDenied):
        flag_by(post, other_member)


def test_a_flag_for_another_reason_needs_details(reply, other_member):
    with pytest.raises(Refused, match="what is wrong"):
        flag_by(reply, other_member, reason=Flag.Reason.OTHER, detail="  ")

    assert not Flag.objects.exists()


def test_a_member_has_one_open_flag_per_post(reply, other_member):
    flag_by(reply, other_member)

    with pytest.raises(flags.AlreadyFlagged):
        flag_by(reply, other_member, reason=Flag.Reason.ABUSE)

    assert Flag.objects.count() == 1


def test_the_database_keeps_one_open_flag_per_member_when_two_requests_race(
    reply, other_member, monkeypatch
):
    flag_by(reply, other_member)
    # The second request checked before the first one's flag was written.
    monkeypatch.setattr(flags, "has_open_flag", lambda **kwargs: False)

    with pytest.raises(flags.AlreadyFlagged):
        flag_by(reply, other_member)

    assert Flag.objects.count() == 1


def test_the_database_refuses_a_second_open_flag(reply, other_member):
    Flag.objects.create(post=reply, flagger=other_member, reason="spam")

    with pytest.raises(IntegrityError):
        Flag.objects.create(post=reply, flagger=other_member, reason="abuse")


def test_a_member_may_flag_again_after_their_flag_was_resolved(reply, other_member, moderator):
    flag_by(reply, other_member)
    dismissed(reply, moderator=moderator)

    flag_by(reply, other_member, reason=Flag.Reason.ABUSE)

    assert Flag.objects.filter(flagger=other_member).count() == 2


# Hiding after enough flags.


def test_a_post_stays_published_below_the_threshold(reply):
    flag_by(reply)
    flag_by(reply)

    assert state_of(reply) == Post.State.APPROVED
    assert not ModerationEvent.objects.exists()


def test_the_third_member_to_flag_hides_the_post(reply):
    for _ in range(3):
        flag_by(reply)

    assert state_of(reply) == Post.State.HIDDEN


def test_the_threshold_is_a_setting(reply, settings):
    settings.ASKWELL_FLAGS_TO_HIDE = 1

    flag_by(reply)

    assert state_of(reply) == Post.State.HIDDEN


def test_the_threshold_counts_distinct_members_not_flags(reply, other_member, moderator):
    flag_by(reply, other_member)
    dismissed(reply, moderator=moderator)
    flag_by(reply, other_member)
    flag_by(reply)

    # Three flags in all, from two members.
    assert Flag.objects.count() == 3
    assert state_of(reply) == Post.State.APPROVED


def test_dismissed_flags_do_not_count_towards_hiding(reply, moderator):
    flag_by(reply)
    flag_by(reply)
    dismissed(reply, moderator=moderator)

    flag_by(reply)

    assert state_of(reply) == Post.State.APPROVED


def test_a_moderators_flag_counts_like_any_members(reply, moderator):
    flag_by(reply)
    flag_by(reply)

    flag_by(reply, moderator)

    assert state_of(reply) == Post.State.HIDDEN


def test_hiding_is_recorded_as_the_forums_own_decision_with_the_reasons(reply):
    flag_by(reply, reason=Flag.Reason.SPAM)
    flag_by(reply, reason=Flag.Reason.MISINFORMATION)
    flag_by(reply, reason=Flag.Reason.SPAM)

    event = ModerationEvent.objects.get()
    assert (event.post, event.moderator, event.action) == (reply, None, "hide")
    assert event.reason == "Spam or advertising (2), Medical misinformation (1)"


def test_a_hidden_reply_leaves_the_question_and_category_counts(question, reply):
    category = question.category
    category.refresh_from_db()
    replies_before = category.reply_count
    assert reply_count_of(question) == 1

    for _ in range(3):
        flag_by(reply)

    category.refresh_from_db()
    assert reply_count_of(question) == 0
    assert category.reply_count == replies_before - 1


def test_a_hidden_question_leaves_the_category_and_the_forum(question, other_member, member):
    category = question.category
    category.refresh_from_db()
    questions_before = category.question_count

    for _ in range(3):
        flag_by(question.opening_post)

    category.refresh_from_db()
    assert category.question_count == questions_before - 1
    assert not Topic.objects.visible_to(other_member).filter(pk=question.pk).exists()
    # Its author still sees it.
    assert Topic.objects.visible_to(question.opening_post.author).filter(pk=question.pk).exists()


def test_the_author_still_sees_their_hidden_post(reply, member, other_member):
    for _ in range(3):
        flag_by(reply)

    assert Post.objects.visible_to(member).filter(pk=reply.pk).exists()
    assert not Post.objects.visible_to(other_member).filter(pk=reply.pk).exists()
