"""
Asking a question and replying (forum.asking): whether the post waits for review or is
published comes from its author's standing; who may not post; and the counters a
published post moves. (Moderators approving and rejecting: moderation/tests/test_posts.py.)
"""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.models import Post, Topic
from forum.tests.factories import make_question

BODY = "I was diagnosed last month and wonder what to expect."


def ask(author, category, title="How long does recovery usually take?", **kwargs):
    return asking.ask_question(author=author, category=category, title=title, body=BODY, **kwargs)


def reply(author, topic, body="I had the same question after my diagnosis."):
    return asking.reply(author=author, topic=topic, body=body)


def give_approved_posts(author, count):
    for n in range(count):
        make_question(author=author, title=f"An earlier question, number {n}")


# Asking and replying: the post's state comes from the author's standing.


def test_a_new_members_question_waits_for_review(member, category):
    topic = ask(member, category)

    assert topic.opening_post.state == Post.State.PENDING
    assert topic.opening_post.author == member


def test_a_new_members_reply_waits_for_review(member, question):
    post = reply(member, question)

    assert post.state == Post.State.PENDING


def test_a_question_is_written_with_its_category_title_rendered_body_and_article(
    member, category, article
):
    topic = ask(member, category, title="Does IVIG help with fatigue?", article=article)

    topic.refresh_from_db()
    assert topic.category == category
    assert topic.title == "Does IVIG help with fatigue?"
    assert topic.slug == "does-ivig-help-with-fatigue"
    assert topic.article == article
    assert topic.opening_post.body == BODY
    assert topic.opening_post.body_html == f"<p>{BODY}</p>"
    assert list(topic.posts.all()) == [topic.opening_post]


def test_a_title_without_latin_letters_still_gets_a_readable_slug(member, category):
    topic = ask(member, category, title="Что такое миопатия и как её лечат?")

    assert topic.slug == "question"


def test_a_member_is_trusted_after_the_configured_number_of_approved_posts(
    member, category, question
):
    give_approved_posts(member, 2)

    assert reply(member, question).state == Post.State.APPROVED
    assert ask(member, category).opening_post.state == Post.State.APPROVED


def test_a_member_with_one_approval_too_few_still_waits_for_review(member, question):
    give_approved_posts(member, 1)

    assert reply(member, question).state == Post.State.PENDING


def test_the_trust_threshold_comes_from_settings(settings, member, question):
    settings.ASKWELL_APPROVALS_BEFORE_TRUST = 3
    give_approved_posts(member, 2)
    assert reply(member, question).state == Post.State.PENDING

    give_approved_posts(member, 1)
    assert reply(member, question, body="A second reply, now that I know more.").state == (
        Post.State.APPROVED
    )


def test_a_threshold_of_zero_publishes_a_new_members_first_post(settings, member, category):
    settings.ASKWELL_APPROVALS_BEFORE_TRUST = 0

    assert ask(member, category).opening_post.state == Post.State.APPROVED


def test_pending_and_rejected_posts_do_not_count_towards_trust(member, question):
    make_question(author=member, state=Post.State.PENDING)
    make_question(author=member, state=Post.State.REJECTED)
    make_question(author=member, state=Post.State.APPROVED)

    assert reply(member, question).state == Post.State.PENDING


def test_an_always_review_member_stays_pending_however_many_posts_were_approved(
    always_review_member, question
):
    give_approved_posts(always_review_member, 10)

    assert reply(always_review_member, question).state == Post.State.PENDING


def test_a_moderators_first_post_is_published_at_once(moderator, category):
    assert ask(moderator, category).opening_post.state == Post.State.APPROVED


def test_staff_without_the_moderation_permission_are_reviewed_like_members(staff_member, category):
    assert ask(staff_member, category).opening_post.state == Post.State.PENDING


@pytest.mark.parametrize("restricted", ["suspended_member", "unverified_member"])
def test_a_restricted_member_may_not_ask(request, restricted, category):
    author = request.getfixturevalue(restricted)

    with pytest.raises(PermissionDenied):
        ask(author, category)
    assert not Topic.objects.exists()


@pytest.mark.parametrize("restricted", ["suspended_member", "unverified_member"])
def test_a_restricted_member_may_not_reply(request, restricted, question):
    author = request.getfixturevalue(restricted)

    with pytest.raises(PermissionDenied):
        reply(author, question)
    assert question.posts.count() == 1


def test_a_deactivated_member_may_not_post(member, category):
    member.is_active = False
    member.save()

    with pytest.raises(PermissionDenied):
        ask(member, category)


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.REJECTED])
def test_nobody_may_reply_to_an_unpublished_question(moderator, state):
    topic = make_question(state=state)

    with pytest.raises(PermissionDenied):
        reply(moderator, topic)
    assert topic.posts.count() == 1


# Counters: only approved replies count, updated in the database.


def test_a_published_reply_counts_and_moves_last_activity(moderator, question):
    before = Topic.objects.get(pk=question.pk).last_activity_at

    post = reply(moderator, question)

    question.refresh_from_db()
    assert question.reply_count == 1
    assert question.last_activity_at == post.created_at > before


def test_a_pending_reply_neither_counts_nor_moves_last_activity(member, question):
    before = Topic.objects.get(pk=question.pk).last_activity_at

    reply(member, question)

    question.refresh_from_db()
    assert question.reply_count == 0
    assert question.last_activity_at == before


def test_a_trusted_members_question_is_counted_in_its_category_at_once(moderator, category):
    topic = ask(moderator, category)

    category.refresh_from_db()
    assert category.question_count == 1
    assert category.last_activity_at == topic.opening_post.created_at


def test_a_published_reply_is_counted_in_its_category_and_moves_its_last_activity(
    moderator, question
):
    post = reply(moderator, question)

    category = question.category
    category.refresh_from_db()
    assert (category.question_count, category.reply_count) == (1, 1)
    assert category.last_activity_at == post.created_at


def test_a_pending_reply_is_not_counted_in_its_category(member, question):
    reply(member, question)

    question.category.refresh_from_db()
    assert question.category.reply_count == 0


def test_published_replies_are_counted_in_the_database_not_from_a_stale_copy(moderator, question):
    # Two requests holding the same question as it was before either reply.
    trusted = MemberFactory()
    give_approved_posts(trusted, 2)

    reply(moderator, question)
    reply(trusted, question)

    assert question.reply_count == 0
    assert Topic.objects.get(pk=question.pk).reply_count == 2
