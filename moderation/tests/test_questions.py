"""
Moderating questions (moderation.questions): locking, pinning, moving, hiding and
restoring, and what members then see on the forum. Merging a duplicate:
test_questions_merge.py.
"""

import pytest
from django.core.exceptions import PermissionDenied
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.errors import Refused
from forum.models import Draft, ModerationEvent, Post
from forum.tests.factories import make_question, make_reply
from moderation import questions

from .helpers import days_ago, events, fresh, reply_url

REPLY = "I had the same question after my diagnosis."


# Who may moderate.

SERVICES = [
    (questions.lock_topic, {}),
    (questions.unlock_topic, {}),
    (questions.pin_topic, {}),
    (questions.unpin_topic, {}),
    (questions.hide_topic, {}),
    (questions.restore_topic, {}),
]


@pytest.mark.parametrize("who", ["member", "suspended_member", "staff_member"])
@pytest.mark.parametrize(("service", "kwargs"), SERVICES)
def test_only_moderators_may_moderate_questions(request, topic, who, service, kwargs):
    with pytest.raises(PermissionDenied):
        service(topic=topic, moderator=request.getfixturevalue(who), **kwargs)

    assert ModerationEvent.objects.count() == 0


@pytest.mark.parametrize("who", ["member", "staff_member"])
def test_only_moderators_may_move_or_merge_questions(request, topic, target, other_category, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        questions.move_topic(topic=topic, moderator=user, category=other_category)
    with pytest.raises(PermissionDenied):
        questions.merge_topic(topic=topic, into=target, moderator=user)

    assert fresh(topic).category_id == topic.category_id
    assert fresh(topic).merged_into is None


# Locking.


def test_locking_a_question_is_recorded_with_its_reason(moderator, topic):
    questions.lock_topic(topic=topic, moderator=moderator, reason="  Going in circles.  ")

    assert fresh(topic).is_locked
    (event,) = events(ModerationEvent.Action.LOCK)
    assert (event.topic, event.moderator, event.reason) == (topic, moderator, "Going in circles.")
    assert event.target == "Does IVIG help with fatigue?"


def test_locking_a_locked_question_is_refused_and_not_recorded(moderator, topic):
    questions.lock_topic(topic=topic, moderator=moderator)

    with pytest.raises(Refused) as refused:
        questions.lock_topic(topic=topic, moderator=moderator)

    assert refused.value.code == "already_locked"
    assert len(events(ModerationEvent.Action.LOCK)) == 1


def test_unlocking_opens_a_question_to_replies_again(moderator, topic, other_member):
    questions.lock_topic(topic=topic, moderator=moderator)

    questions.unlock_topic(topic=topic, moderator=moderator)
    post = asking.reply(author=other_member, topic=fresh(topic), body=REPLY)

    assert post.topic == topic
    assert len(events(ModerationEvent.Action.UNLOCK)) == 1


def test_unlocking_a_question_that_is_not_locked_is_refused(moderator, topic):
    with pytest.raises(Refused) as refused:
        questions.unlock_topic(topic=topic, moderator=moderator)

    assert refused.value.code == "not_locked"
    assert ModerationEvent.objects.count() == 0


def test_a_locked_question_takes_no_new_replies(moderator, topic, other_member):
    locked = questions.lock_topic(topic=topic, moderator=moderator)

    with pytest.raises(Refused) as refused:
        asking.reply(author=other_member, topic=locked, body=REPLY)

    assert str(refused.value) == "This question is locked: no new replies."
    assert topic.posts.count() == 1


def test_a_locked_question_shows_why_instead_of_the_reply_form(client, moderator, topic):
    questions.lock_topic(topic=topic, moderator=moderator)
    client.force_login(MemberFactory())

    response = client.get(topic.get_absolute_url())

    assertContains(response, "This question is locked: no new replies.")
    assertContains(response, '<span class="badge badge--locked">Locked</span>', html=True)
    assertNotContains(response, "Post reply")


def test_a_reply_posted_to_a_locked_question_is_refused_and_the_text_kept(
    client, moderator, topic, other_member
):
    questions.lock_topic(topic=topic, moderator=moderator)
    client.force_login(other_member)

    response = client.post(reply_url(topic), {"body": REPLY, "action": "post"})

    assert response.status_code == 403
    assertContains(response, "This question is locked: no new replies.", status_code=403)
    assertContains(response, f"{REPLY}</textarea>", status_code=403)
    assert topic.posts.count() == 1


def test_a_reply_preview_on_a_locked_question_is_refused_and_no_draft_kept(
    client, moderator, topic, other_member
):
    questions.lock_topic(topic=topic, moderator=moderator)
    client.force_login(other_member)

    response = client.post(reply_url(topic), {"body": REPLY, "action": "preview"})

    assert response.status_code == 403
    assertContains(response, f"{REPLY}</textarea>", status_code=403)
    assert not Draft.objects.filter(topic=topic).exists()


def test_drafts_are_not_kept_for_a_locked_question(client, moderator, topic, other_member):
    questions.lock_topic(topic=topic, moderator=moderator)
    client.force_login(other_member)

    response = client.post("/forum/drafts/", {"topic": topic.pk, "body": REPLY})

    assert response.status_code == 403
    assert response.json()["error"] == "This question is locked: no new replies."
    assert not Draft.objects.exists()


def test_authors_may_still_edit_their_posts_on_a_locked_question(client, moderator, topic):
    reply = make_reply(topic=topic, body="My first answer, with a typo in it.")
    questions.lock_topic(topic=topic, moderator=moderator)
    client.force_login(reply.author)

    response = client.post(
        f"/forum/posts/{reply.pk}/edit/", {"body": "My first answer, without the typo."}
    )

    assert response.status_code == 302
    assert fresh(reply).body == "My first answer, without the typo."


# Pinning.


def test_pinned_questions_head_their_category_then_by_last_activity(client, moderator, category):
    old = make_question(category=category, title="Old pinned question", when=days_ago(30))
    recent = make_question(category=category, title="Recent question", when=days_ago(1))
    middle = make_question(category=category, title="Middle question", when=days_ago(10))
    questions.pin_topic(topic=old, moderator=moderator)

    response = client.get(category.get_absolute_url())

    listed = list(response.context["page"].object_list)
    assert listed == [old, recent, middle]
    assertContains(response, '<span class="badge badge--info">Pinned</span>', html=True, count=1)


def test_pinning_is_recorded_and_pinning_twice_refused(moderator, topic):
    questions.pin_topic(topic=topic, moderator=moderator)

    with pytest.raises(Refused) as refused:
        questions.pin_topic(topic=topic, moderator=moderator)

    assert refused.value.code == "already_pinned"
    assert fresh(topic).is_pinned
    assert len(events(ModerationEvent.Action.PIN)) == 1


def test_an_unpinned_question_takes_its_place_by_last_activity_again(client, moderator, category):
    old = make_question(category=category, title="Old question", when=days_ago(30))
    recent = make_question(category=category, title="Recent question", when=days_ago(1))
    questions.pin_topic(topic=old, moderator=moderator)

    questions.unpin_topic(topic=old, moderator=moderator)

    response = client.get(category.get_absolute_url())
    assert list(response.context["page"].object_list) == [recent, old]
    assert len(events(ModerationEvent.Action.UNPIN)) == 1


def test_unpinning_a_question_that_is_not_pinned_is_refused(moderator, topic):
    with pytest.raises(Refused) as refused:
        questions.unpin_topic(topic=topic, moderator=moderator)

    assert refused.value.code == "not_pinned"


def test_a_pinned_question_is_labelled_on_its_page(client, moderator, topic):
    questions.pin_topic(topic=topic, moderator=moderator)

    response = client.get(topic.get_absolute_url())

    assertContains(response, '<span class="badge badge--info">Pinned</span>', html=True)


# Moving.


def test_moving_a_question_recounts_both_categories(moderator, topic, category, other_category):
    make_reply(topic=topic)

    questions.move_topic(topic=topic, moderator=moderator, category=other_category)

    category, other_category = fresh(category), fresh(other_category)
    assert fresh(topic).category == other_category
    assert (category.question_count, category.reply_count) == (0, 0)
    assert (other_category.question_count, other_category.reply_count) == (1, 1)
    assert fresh(topic).reply_count == 1


def test_moving_a_question_is_recorded_with_both_categories(
    moderator, topic, category, other_category
):
    questions.move_topic(
        topic=topic, moderator=moderator, category=other_category, reason="Not about treatment."
    )

    (event,) = events(ModerationEvent.Action.MOVE)
    assert event.details == {"from": category.name, "to": other_category.name}
    assert event.reason == "Not about treatment."


def test_the_old_address_of_a_moved_question_redirects_to_the_new_one(
    client, moderator, topic, other_category
):
    old_url = topic.get_absolute_url()

    moved = questions.move_topic(topic=topic, moderator=moderator, category=other_category)

    response = client.get(old_url)
    assert response.status_code == 301
    assert response.url == moved.get_absolute_url()
    assert response.url.startswith("/forum/diagnosis-and-tests/")


def test_moving_a_question_to_its_own_category_is_refused(moderator, topic, category):
    with pytest.raises(Refused) as refused:
        questions.move_topic(topic=topic, moderator=moderator, category=category)

    assert refused.value.code == "same_category"
    assert ModerationEvent.objects.count() == 0


# Hiding and restoring.


def test_hiding_a_question_hides_its_opening_post_and_recounts(client, moderator, topic, category):
    questions.hide_topic(topic=topic, moderator=moderator, reason="Shares a phone number.")

    assert fresh(topic.opening_post).state == Post.State.HIDDEN
    assert fresh(category).question_count == 0
    (event,) = events(ModerationEvent.Action.HIDE_TOPIC)
    assert (event.reason, event.member) == ("Shares a phone number.", topic.opening_post.author)


def test_a_hidden_question_is_seen_only_by_its_author_and_moderators(
    client, moderator, topic, member, other_member
):
    questions.hide_topic(topic=topic, moderator=moderator)

    assert client.get(topic.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    assert client.get(topic.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 200
    client.force_login(moderator)
    assert client.get(topic.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN])
def test_hiding_a_question_that_is_not_published_is_refused(moderator, state):
    unpublished = make_question(state=state)

    with pytest.raises(Refused) as refused:
        questions.hide_topic(topic=unpublished, moderator=moderator)

    assert refused.value.code == "not_published"
    assert fresh(unpublished.opening_post).state == state
    assert ModerationEvent.objects.count() == 0


def test_restoring_a_hidden_question_publishes_it_again(client, moderator, topic, category):
    make_reply(topic=topic)
    questions.hide_topic(topic=topic, moderator=moderator)

    questions.restore_topic(topic=topic, moderator=moderator)

    assert fresh(topic.opening_post).state == Post.State.APPROVED
    assert (fresh(category).question_count, fresh(category).reply_count) == (1, 1)
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert len(events(ModerationEvent.Action.RESTORE_TOPIC)) == 1


def test_restoring_a_question_that_is_not_hidden_is_refused(moderator, topic):
    with pytest.raises(Refused) as refused:
        questions.restore_topic(topic=topic, moderator=moderator)

    assert refused.value.code == "not_hidden"
    assert ModerationEvent.objects.count() == 0
