"""Authors editing and removing their own posts, through the services themselves."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.tests.factories import MemberFactory
from forum import editing
from forum.errors import Refused
from forum.models import Category, Post, PostRevision, Topic
from forum.tests.factories import make_question, make_reply

NEW_BODY = "I found that resting after lunch helped a great deal."
NEW_TITLE = "Does IVIG help with afternoon fatigue?"


@pytest.fixture
def trusted(category):
    """A member whose posts no longer wait for review (two published questions)."""
    author = MemberFactory(username="trusted_tess")
    for _ in range(2):
        make_question(author=author, category=category)
    return author


@pytest.fixture
def asked(trusted, category):
    return make_question(
        author=trusted, category=category, title="Does IVIG help with fatigue?", slug="ivig"
    )


def counters(topic):
    topic.refresh_from_db()
    category = Category.objects.get(pk=topic.category_id)
    return topic.reply_count, category.question_count, category.reply_count


# Editing.


def test_an_edit_keeps_the_earlier_text_as_a_revision(asked, trusted):
    reply = make_reply(topic=asked, author=trusted, body="My first words on this subject.")

    post = editing.edit_post(post=reply, editor=trusted, body=NEW_BODY)

    assert post.body == NEW_BODY
    assert "resting after lunch" in post.body_html
    assert post.edited_at is not None
    revision = PostRevision.objects.get(post=reply)
    assert (revision.body, revision.title, revision.edited_by) == (
        "My first words on this subject.",
        "",
        trusted,
    )


def test_editing_the_opening_post_edits_the_title_and_keeps_the_old_one(asked, trusted):
    editing.edit_post(post=asked.opening_post, editor=trusted, body=NEW_BODY, title=NEW_TITLE)

    asked.refresh_from_db()
    assert asked.title == NEW_TITLE
    assert asked.slug == "does-ivig-help-with-afternoon-fatigue"
    assert PostRevision.objects.get().title == "Does IVIG help with fatigue?"


def test_each_edit_adds_a_revision(asked, trusted):
    post = asked.opening_post
    editing.edit_post(post=post, editor=trusted, body=NEW_BODY)
    editing.edit_post(post=post, editor=trusted, body=NEW_BODY + " And walking.")

    assert PostRevision.objects.filter(post=post).count() == 2


def test_an_edit_that_changes_nothing_is_not_recorded(asked, trusted):
    post = asked.opening_post

    editing.edit_post(post=post, editor=trusted, body=post.body, title=asked.title)

    post.refresh_from_db()
    assert post.edited_at is None
    assert not PostRevision.objects.exists()


def test_a_trusted_members_edit_stays_published(asked, trusted):
    post = editing.edit_post(post=asked.opening_post, editor=trusted, body=NEW_BODY)

    assert post.state == Post.State.APPROVED


def test_an_edit_by_a_member_under_review_goes_back_to_review(question, always_review_member):
    reply = make_reply(topic=question, author=always_review_member)
    assert counters(question)[0] == 1

    post = editing.edit_post(post=reply, editor=always_review_member, body=NEW_BODY)

    assert post.state == Post.State.PENDING
    assert counters(question) == (0, 1, 0)


def test_a_pending_post_can_be_edited_and_stays_pending(member, pending_question):
    post = editing.edit_post(post=pending_question.opening_post, editor=member, body=NEW_BODY)

    assert (post.state, post.body) == (Post.State.PENDING, NEW_BODY)


@pytest.mark.parametrize("who", ["other_member", "moderator"])
def test_only_the_author_edits_a_post(request, asked, who):
    with pytest.raises(PermissionDenied):
        editing.edit_post(
            post=asked.opening_post, editor=request.getfixturevalue(who), body=NEW_BODY
        )

    assert not PostRevision.objects.exists()


@pytest.mark.parametrize("state", [Post.State.REJECTED, Post.State.HIDDEN, Post.State.REMOVED])
def test_a_post_in_this_state_cannot_be_edited(question, member, state):
    reply = make_reply(topic=question, author=member, state=state)

    with pytest.raises(PermissionDenied):
        editing.edit_post(post=reply, editor=member, body=NEW_BODY)


def test_a_suspended_author_cannot_edit(question, suspended_member):
    reply = make_reply(topic=question, author=suspended_member)

    with pytest.raises(PermissionDenied, match="suspended"):
        editing.edit_post(post=reply, editor=suspended_member, body=NEW_BODY)


# Removing.


def test_removing_a_published_reply_leaves_a_placeholder_and_updates_the_counts(question, member):
    reply = make_reply(topic=question, author=member)
    assert counters(question) == (1, 1, 1)

    post = editing.remove_post(post=reply, member=member)

    assert post.state == Post.State.REMOVED
    assert post.removed_at is not None
    assert counters(question) == (0, 1, 0)
    assert Post.objects.visible_to(MemberFactory()).filter(pk=reply.pk).exists()


def test_removing_a_published_question_takes_it_out_of_the_category_counts(asked, trusted):
    make_reply(topic=asked)

    editing.remove_post(post=asked.opening_post, member=trusted)

    assert counters(asked) == (1, 2, 0)


def test_a_removed_question_with_replies_keeps_its_thread(asked, trusted):
    make_reply(topic=asked)

    editing.remove_post(post=asked.opening_post, member=trusted)

    assert Topic.objects.visible_to(MemberFactory()).filter(pk=asked.pk).exists()
    assert not Topic.objects.listed().filter(pk=asked.pk).exists()


def test_a_removed_question_without_replies_is_gone(asked, trusted):
    editing.remove_post(post=asked.opening_post, member=trusted)

    assert not Topic.objects.visible_to(MemberFactory()).filter(pk=asked.pk).exists()


def test_removing_the_answer_that_helped_leaves_the_question_unanswered(asked, member):
    reply = make_reply(topic=asked, author=member)
    Topic.objects.filter(pk=asked.pk).update(accepted_answer=reply)

    editing.remove_post(post=reply, member=member)

    asked.refresh_from_db()
    assert asked.accepted_answer is None
    assert Topic.objects.unanswered().filter(pk=asked.pk).exists()


def test_removing_a_pending_post_leaves_the_counts_alone(member, question):
    reply = make_reply(topic=question, author=member, state=Post.State.PENDING)

    editing.remove_post(post=reply, member=member)

    assert counters(question) == (0, 1, 0)
    assert not Post.objects.visible_to(MemberFactory()).filter(pk=reply.pk).exists()


def test_removing_twice_is_refused_and_changes_nothing(question, member):
    reply = make_reply(topic=question, author=member)
    first = editing.remove_post(post=reply, member=member)

    with pytest.raises(Refused, match="already removed"):
        editing.remove_post(post=reply, member=member)

    assert Post.objects.get(pk=reply.pk).removed_at == first.removed_at
    assert counters(question) == (0, 1, 0)


def test_a_suspended_member_may_remove_their_post(question, suspended_member):
    reply = make_reply(topic=question, author=suspended_member)

    post = editing.remove_post(post=reply, member=suspended_member)

    assert post.state == Post.State.REMOVED


@pytest.mark.parametrize("who", ["other_member", "moderator"])
def test_only_the_author_removes_a_post(request, question, member, who):
    reply = make_reply(topic=question, author=member)

    with pytest.raises(PermissionDenied):
        editing.remove_post(post=reply, member=request.getfixturevalue(who))

    reply.refresh_from_db()
    assert reply.state == Post.State.APPROVED
