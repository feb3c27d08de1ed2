"""Helpful marks and the answer that helped, through the services themselves."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.tests.factories import MemberFactory
from forum import answers
from forum.models import HelpfulVote, Post, Topic
from forum.tests.factories import make_question, make_reply


@pytest.fixture
def asked(member, category):
    return make_question(author=member, category=category, slug="asked")


@pytest.fixture
def reply(asked, other_member):
    return make_reply(topic=asked, author=other_member)


# Helpful marks.


def test_marking_a_reply_helpful_counts_one_mark(reply, member):
    post = answers.mark_helpful(post=reply, member=member)

    assert post.helpful_count == 1
    assert HelpfulVote.objects.filter(post=reply, member=member).count() == 1


def test_marking_twice_still_counts_one_mark(reply, member):
    answers.mark_helpful(post=reply, member=member)
    post = answers.mark_helpful(post=reply, member=member)

    assert post.helpful_count == 1
    assert HelpfulVote.objects.count() == 1


def test_marks_from_several_members_add_up(reply, member, moderator):
    answers.mark_helpful(post=reply, member=member)
    answers.mark_helpful(post=reply, member=moderator)

    reply.refresh_from_db()
    assert reply.helpful_count == 2


def test_taking_back_a_mark_lowers_the_count(reply, member):
    answers.mark_helpful(post=reply, member=member)

    post = answers.unmark_helpful(post=reply, member=member)

    assert post.helpful_count == 0
    assert not HelpfulVote.objects.exists()


def test_taking_back_a_mark_never_made_changes_nothing(reply, member, moderator):
    answers.mark_helpful(post=reply, member=moderator)

    post = answers.unmark_helpful(post=reply, member=member)

    assert post.helpful_count == 1


def test_a_member_cannot_mark_their_own_reply(reply, other_member):
    with pytest.raises(PermissionDenied, match="your own post"):
        answers.mark_helpful(post=reply, member=other_member)

    assert not HelpfulVote.objects.exists()


def test_the_opening_post_cannot_be_marked_helpful(asked, other_member):
    with pytest.raises(PermissionDenied, match="Only published replies"):
        answers.mark_helpful(post=asked.opening_post, member=other_member)


def test_a_pending_reply_cannot_be_marked_helpful(asked, other_member, moderator):
    pending = make_reply(topic=asked, author=other_member, state=Post.State.PENDING)

    with pytest.raises(PermissionDenied):
        answers.mark_helpful(post=pending, member=moderator)


@pytest.mark.parametrize(
    ("who", "message"), [("suspended_member", "suspended"), ("unverified_member", "confirm")]
)
def test_a_restricted_member_cannot_mark_a_reply(request, reply, who, message):
    with pytest.raises(PermissionDenied, match=message):
        answers.mark_helpful(post=reply, member=request.getfixturevalue(who))

    assert not HelpfulVote.objects.exists()


# The answer that helped.


def test_the_asker_marks_a_reply_as_the_answer_that_helped(asked, reply, member):
    topic = answers.accept_answer(post=reply, member=member)

    assert topic.accepted_answer == reply
    asked.refresh_from_db()
    assert asked.is_answered


def test_choosing_another_reply_replaces_the_first_choice(asked, reply, member, moderator):
    second = make_reply(topic=asked, author=moderator)
    answers.accept_answer(post=reply, member=member)

    answers.accept_answer(post=second, member=member)

    asked.refresh_from_db()
    assert asked.accepted_answer == second


def test_the_asker_can_take_back_their_choice(asked, reply, member):
    answers.accept_answer(post=reply, member=member)

    answers.unaccept_answer(post=reply, member=member)

    asked.refresh_from_db()
    assert asked.accepted_answer is None


def test_taking_back_another_reply_leaves_the_choice_alone(asked, reply, member, moderator):
    second = make_reply(topic=asked, author=moderator)
    answers.accept_answer(post=reply, member=member)

    answers.unaccept_answer(post=second, member=member)

    asked.refresh_from_db()
    assert asked.accepted_answer == reply


@pytest.mark.parametrize("who", ["other_member", "moderator"])
def test_only_the_asker_chooses_the_answer(request, asked, moderator, who):
    reply = make_reply(topic=asked)

    with pytest.raises(PermissionDenied, match="Only the member who asked"):
        answers.accept_answer(post=reply, member=request.getfixturevalue(who))

    asked.refresh_from_db()
    assert asked.accepted_answer is None


def test_the_question_cannot_be_its_own_answer(asked, member):
    with pytest.raises(PermissionDenied, match="its own answer"):
        answers.accept_answer(post=asked.opening_post, member=member)


def test_the_asker_cannot_choose_their_own_reply(asked, member):
    own = make_reply(topic=asked, author=member)

    with pytest.raises(PermissionDenied, match="reply by another member"):
        answers.accept_answer(post=own, member=member)


def test_a_pending_reply_cannot_be_the_answer(asked, member, other_member):
    pending = make_reply(topic=asked, author=other_member, state=Post.State.PENDING)

    with pytest.raises(PermissionDenied, match="Only a published reply"):
        answers.accept_answer(post=pending, member=member)


def test_a_suspended_asker_cannot_choose_an_answer(suspended_member, other_member):
    topic = make_question(author=suspended_member)
    reply = make_reply(topic=topic, author=other_member)

    with pytest.raises(PermissionDenied, match="suspended"):
        answers.accept_answer(post=reply, member=suspended_member)


def test_a_question_whose_answer_was_hidden_is_listed_as_unanswered_again(client, category):
    asker = MemberFactory()
    topic = make_question(author=asker, category=category, title="Is creatine safe with statins?")
    reply = make_reply(topic=topic)
    answers.accept_answer(member=asker, post=reply)
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)

    assert list(Topic.objects.filter(pk=topic.pk).unanswered()) == [topic]
    page = client.get(category.get_absolute_url())
    assert "Is creatine safe with statins?" in page.text
    assert "Answered" not in page.text


def test_an_answered_question_shows_as_answered_in_its_category(client, category):
    asker = MemberFactory()
    topic = make_question(author=asker, category=category, title="Is creatine safe with statins?")
    answers.accept_answer(member=asker, post=make_reply(topic=topic))

    assert list(Topic.objects.filter(pk=topic.pk).unanswered()) == []
    assert "Answered" in client.get(category.get_absolute_url()).text
