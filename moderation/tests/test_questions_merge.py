"""
Merging a duplicate question into another (moderation.questions.merge_topic): where
its posts, followers and drafts go, what its address does, and when it is refused.
"""

import pytest
from pytest_django.asserts import assertContains

from accounts.tests.factories import MemberFactory
from forum.errors import Refused
from forum.models import Draft, ModerationEvent, Notification, Post, Topic, TopicSubscription
from forum.tests.factories import make_question, make_reply
from moderation import questions

from .helpers import days_ago, events, fresh, reply_url

REPLY = "I had the same question after my diagnosis."


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
    # Both opening posts as posts on the page (the page's head describes it by one of them).
    assertContains(
        response, "<p>I was diagnosed last month and wonder what to expect.</p>", count=2
    )


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
