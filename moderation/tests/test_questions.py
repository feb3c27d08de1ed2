"""
Moderating questions (forum.moderation): locking, pinning, moving, merging a duplicate,
hiding and restoring, and what members then see on the forum.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.errors import Refused
from forum.models import (
    Category,
    Draft,
    ModerationEvent,
    Notification,
    Post,
    Topic,
    TopicSubscription,
)
from forum.tests.factories import make_question, make_reply
from moderation import questions

REPLY = "I had the same question after my diagnosis."


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def events(action):
    return list(ModerationEvent.objects.filter(action=action))


@pytest.fixture
def other_category(db):
    return Category.objects.get(slug="diagnosis-and-tests")


@pytest.fixture
def topic(member, category):
    return make_question(
        author=member,
        category=category,
        title="Does IVIG help with fatigue?",
        slug="does-ivig-help-with-fatigue",
        when=days_ago(3),
    )


@pytest.fixture
def target(other_member, category):
    return make_question(
        author=other_member,
        category=category,
        title="IVIG and tiredness",
        slug="ivig-and-tiredness",
        when=days_ago(5),
    )


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


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


# Merging a duplicate.


def test_merging_moves_every_post_into_the_target_in_date_order(moderator, topic, target):
    duplicate_reply = make_reply(topic=topic, body="An answer on the duplicate.")
    target_reply = make_reply(topic=target, body="An answer on the target.", when=days_ago(4))

    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    replies = list(Post.objects.filter(topic=target).exclude(pk=target.opening_post_id))
    assert replies == [target_reply, topic.opening_post, duplicate_reply]
    assert not Post.objects.filter(topic=topic).exists()
    assert not fresh(topic.opening_post).is_opening


def test_merging_marks_the_duplicate_and_drops_its_answer(moderator, topic, target):
    answer = make_reply(topic=topic)
    Topic.objects.filter(pk=topic.pk).update(accepted_answer=answer)

    merged = questions.merge_topic(topic=topic, into=target, moderator=moderator)

    merged = fresh(merged)
    assert merged.merged_into == target
    assert merged.accepted_answer is None
    assert merged.is_locked


def test_merging_recounts_both_questions_and_both_categories(
    moderator, topic, other_category, category
):
    into = make_question(category=other_category, title="The original question")
    make_reply(topic=topic)
    make_reply(topic=into)

    questions.merge_topic(topic=topic, into=into, moderator=moderator)

    assert fresh(topic).reply_count == 0
    assert fresh(into).reply_count == 3
    assert (fresh(category).question_count, fresh(category).reply_count) == (0, 0)
    assert (fresh(other_category).question_count, fresh(other_category).reply_count) == (1, 3)


def test_followers_of_the_duplicate_follow_the_target_once(
    moderator, topic, target, member, other_member
):
    third = MemberFactory()
    for follower, question in [(member, topic), (third, topic), (other_member, topic)]:
        TopicSubscription.objects.create(member=follower, topic=question)
    TopicSubscription.objects.create(member=other_member, topic=target)

    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    assert not TopicSubscription.objects.filter(topic=topic).exists()
    assert TopicSubscription.objects.filter(topic=target).count() == 3
    assert set(
        TopicSubscription.objects.filter(topic=target).values_list("member__username", flat=True)
    ) == {member.username, other_member.username, third.username}


def test_reply_drafts_for_the_duplicate_are_discarded(moderator, topic, target, other_member):
    Draft.objects.create(author=other_member, topic=topic, body="Half a reply")
    Draft.objects.create(author=other_member, topic=target, body="Another half")

    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    assert list(Draft.objects.values_list("topic", flat=True)) == [target.pk]


def test_merging_is_recorded_with_the_target(moderator, topic, target):
    make_reply(topic=topic)

    questions.merge_topic(topic=topic, into=target, moderator=moderator, reason="Same question.")

    (event,) = events(ModerationEvent.Action.MERGE)
    assert event.topic == topic
    assert event.reason == "Same question."
    assert event.details == {"into": target.pk, "into_title": target.title, "posts_moved": 2}


def test_a_merged_duplicate_redirects_permanently_to_its_target(client, moderator, topic, target):
    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 301
    assert response.url == target.get_absolute_url()


def test_a_merged_duplicate_is_not_found_when_its_target_is_hidden(
    client, moderator, topic, target
):
    questions.merge_topic(topic=topic, into=target, moderator=moderator)
    questions.hide_topic(topic=target, moderator=moderator)
    client.force_login(MemberFactory())

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 404


def test_the_merged_posts_show_on_the_target_page(client, moderator, topic, target):
    make_reply(topic=topic, body="An answer written on the duplicate.")

    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    response = client.get(target.get_absolute_url())
    assertContains(response, "An answer written on the duplicate.")
    assertContains(response, "I was diagnosed last month and wonder what to expect.", count=2)


def test_a_reply_posted_to_a_merged_duplicate_is_refused(
    client, moderator, topic, target, other_member
):
    questions.merge_topic(topic=topic, into=target, moderator=moderator)
    client.force_login(other_member)

    response = client.post(reply_url(topic), {"body": REPLY, "action": "post"})

    assert response.status_code == 403
    assertContains(response, f"{REPLY}</textarea>", status_code=403)
    assert not Post.objects.filter(body=REPLY).exists()


def test_a_merged_duplicate_leaves_the_category_list(client, moderator, topic, target, category):
    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    response = client.get(category.get_absolute_url())

    assert list(response.context["page"].object_list) == [target]


def test_a_notification_sent_for_the_duplicate_leads_to_the_target(
    client, moderator, topic, target, member
):
    reply = make_reply(topic=topic)
    note = Notification.objects.create(recipient=member, post=reply, reason="reply")
    questions.merge_topic(topic=topic, into=target, moderator=moderator)
    client.force_login(member)

    response = client.get(f"/forum/notifications/{note.pk}/")

    assert response.status_code == 302
    assert response.url == f"{target.get_absolute_url()}#post-{reply.pk}"


def test_a_question_cannot_be_merged_into_itself(moderator, topic):
    with pytest.raises(Refused) as refused:
        questions.merge_topic(topic=topic, into=topic, moderator=moderator)

    assert refused.value.code == "itself"
    assert fresh(topic).merged_into is None


def test_a_merged_duplicate_cannot_be_merged_again(moderator, topic, target):
    questions.merge_topic(topic=topic, into=target, moderator=moderator)
    third = make_question(title="A third question")

    with pytest.raises(Refused) as refused:
        questions.merge_topic(topic=topic, into=third, moderator=moderator)

    assert refused.value.code == "merged"
    assert fresh(topic).merged_into == target


def test_a_question_cannot_be_merged_into_a_merged_duplicate(moderator, topic, target):
    third = make_question(title="A third question")
    questions.merge_topic(topic=target, into=third, moderator=moderator)

    with pytest.raises(Refused) as refused:
        questions.merge_topic(topic=topic, into=target, moderator=moderator)

    assert refused.value.code == "target_merged"


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN])
def test_a_question_cannot_be_merged_into_an_unpublished_one(moderator, topic, state):
    unpublished = make_question(title="Not published", state=state)

    with pytest.raises(Refused) as refused:
        questions.merge_topic(topic=topic, into=unpublished, moderator=moderator)

    assert refused.value.code == "target_unpublished"
    assert topic.posts.count() == 1


def test_a_merged_duplicate_cannot_be_locked_pinned_moved_or_hidden(
    moderator, topic, target, other_category
):
    questions.merge_topic(topic=topic, into=target, moderator=moderator)
    attempts = [
        lambda: questions.unlock_topic(topic=topic, moderator=moderator),
        lambda: questions.pin_topic(topic=topic, moderator=moderator),
        lambda: questions.move_topic(topic=topic, moderator=moderator, category=other_category),
        lambda: questions.hide_topic(topic=topic, moderator=moderator),
    ]

    for attempt in attempts:
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.code == "merged"


def test_duplicates_merged_earlier_lead_to_the_new_target(client, moderator, topic, target):
    first = make_question(title="An even older duplicate", slug="older")
    questions.merge_topic(topic=first, into=topic, moderator=moderator)

    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    assert fresh(first).merged_into == target
    assert client.get(first.get_absolute_url()).url == target.get_absolute_url()


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
