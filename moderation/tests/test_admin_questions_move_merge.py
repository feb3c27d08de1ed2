"""
Moving questions to another category and merging a duplicate into another question,
in the admin.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from pytest_django.asserts import assertContains, assertNotContains

from forum.models import Category, ModerationEvent, Post, Topic
from forum.tests.factories import make_question, make_reply
from moderation import questions

from .helpers import TOPICS, apply, fresh, messages_of, run, run_on_page

# Moving.


def test_moving_asks_for_the_category_first(moderator_client, topic, target):
    response = run(moderator_client, "move_selected", topic, target)

    assert response.status_code == 200
    assertContains(response, "You are moving 2 questions to another category.")
    assertContains(response, '<label for="id_category">Move to the category:</label>', html=True)
    assert not Topic.objects.exclude(category__slug="treatments-and-medication").exists()


def test_moving_questions_to_another_category(moderator_client, topic, target, other_category):
    response = apply(
        moderator_client,
        "move_selected",
        topic,
        target,
        category=other_category.pk,
        reason="About diagnosis.",
    )

    assert response.status_code == 302
    assert messages_of(response) == ["2 questions moved to Diagnosis and tests."]
    assert fresh(topic).category == other_category
    assert Category.objects.get(pk=other_category.pk).question_count == 2
    assert set(ModerationEvent.objects.filter(action="move").values_list("reason", flat=True)) == {
        "About diagnosis."
    }


def test_questions_already_in_the_category_are_reported_as_left_alone(
    moderator_client, topic, category
):
    response = apply(moderator_client, "move_selected", topic, category=category.pk)

    assert messages_of(response) == [
        "1 question was left as it was. This question is already in that category."
    ]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", "Choose the category to move the questions to."),
        ("9999", "That category does not exist; choose one from the list."),
        ("diagnosis", "That category does not exist; choose one from the list."),
    ],
)
def test_moving_without_a_valid_category_shows_why_and_keeps_the_reason(
    moderator_client, topic, value, error
):
    response = apply(
        moderator_client, "move_selected", topic, category=value, reason="Typed reason"
    )

    assert response.status_code == 200
    assertContains(response, error)
    assertContains(response, "Typed reason</textarea>")
    assert fresh(topic).category.slug == "treatments-and-medication"


# Merging.


def test_merging_needs_exactly_one_selected_duplicate(moderator_client, topic, target):
    response = run(moderator_client, "merge_selected", topic, target)

    assert response.status_code == 302
    assert messages_of(response) == ["Choose exactly one question to merge: the duplicate."]


def test_merging_starts_with_finding_the_question_to_merge_into(moderator_client, topic):
    response = run(moderator_client, "merge_selected", topic)

    assert response.status_code == 200
    assertContains(response, "You are merging the duplicate “Does IVIG help with fatigue?”")
    assertContains(response, "Find the question to merge into")


def test_the_question_to_merge_into_is_found_by_words_from_its_title(
    moderator_client, topic, target
):
    response = moderator_client.post(
        TOPICS,
        {
            "action": "merge_selected",
            ACTION_CHECKBOX_NAME: topic.pk,
            "query": "IVIG",
            "_search": "1",
        },
    )

    assert response.status_code == 200
    assertContains(response, f'value="{target.pk}"')
    # The duplicate itself is never offered.
    assertNotContains(response, f'name="target" value="{topic.pk}"')


def test_the_question_to_merge_into_is_found_by_its_number(moderator_client, topic, target):
    response = moderator_client.post(
        TOPICS,
        {
            "action": "merge_selected",
            ACTION_CHECKBOX_NAME: topic.pk,
            "query": f"#{target.pk}",
            "_search": "1",
        },
    )

    assertContains(response, f"#{target.pk} IVIG and tiredness (Treatments and medication)")


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("", "Type the question&#x27;s number or words from its title."),
        ("nothing like it", "No published question matches “nothing like it”."),
        ("99999", "No published question matches “99999”."),
        ("{topic}", "Question {topic} cannot be chosen. A question cannot be merged into itself."),
    ],
)
def test_finding_the_question_to_merge_into_explains_what_went_wrong(
    moderator_client, topic, target, query, error
):
    response = moderator_client.post(
        TOPICS,
        {
            "action": "merge_selected",
            ACTION_CHECKBOX_NAME: topic.pk,
            "query": query.format(topic=topic.pk),
            "_search": "1",
        },
    )

    assert response.status_code == 200
    assertContains(response, error.format(topic=topic.pk))


def test_an_unpublished_question_cannot_be_chosen_to_merge_into(moderator_client, topic):
    waiting = make_question(title="Waiting", state=Post.State.PENDING)

    response = moderator_client.post(
        TOPICS,
        {
            "action": "merge_selected",
            ACTION_CHECKBOX_NAME: topic.pk,
            "query": str(waiting.pk),
            "_search": "1",
        },
    )

    assertContains(response, "The chosen question is not published.")


def test_merging_a_duplicate_into_the_chosen_question(moderator_client, topic, target):
    reply = make_reply(topic=topic)

    response = apply(
        moderator_client,
        "merge_selected",
        topic,
        query="IVIG",
        target=target.pk,
        reason="Asked twice.",
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "“Does IVIG help with fatigue?” was merged into “IVIG and tiredness”. "
        "Its address now leads there."
    ]
    assert fresh(topic).merged_into == target
    assert Post.objects.get(pk=reply.pk).topic == target
    assert ModerationEvent.objects.get(action="merge").reason == "Asked twice."


@pytest.mark.parametrize(
    ("chosen", "error"),
    [
        ("", "Choose the question to merge into."),
        ("99999", "That question does not exist; find it again and choose it."),
        ("{topic}", "That question cannot be chosen. A question cannot be merged into itself."),
        ("abc", "That question does not exist; find it again and choose it."),
    ],
)
def test_merging_without_a_valid_choice_shows_why_and_keeps_what_was_typed(
    moderator_client, topic, target, chosen, error
):
    response = apply(
        moderator_client,
        "merge_selected",
        topic,
        query="IVIG",
        target=chosen.format(topic=topic.pk),
        reason="Typed reason",
    )

    assert response.status_code == 200
    assertContains(response, error)
    assertContains(response, "Typed reason</textarea>")
    assertContains(response, 'value="IVIG"')
    assert fresh(topic).merged_into is None


def test_merging_into_a_question_merged_meanwhile_is_refused(
    moderator_client, moderator, topic, target
):
    third = make_question(title="A third question")
    questions.merge_topic(topic=target, into=third, moderator=moderator)

    response = apply(moderator_client, "merge_selected", topic, target=target.pk)

    assertContains(response, "The chosen question was itself merged into another one.")
    assert fresh(topic).merged_into is None


def test_merging_from_a_questions_page_opens_the_choice_page(moderator_client, topic):
    response = run_on_page(moderator_client, "merge_selected", topic)

    assert response.status_code == 200
    assertContains(response, f'<form method="post" action="{TOPICS}" class="askwell-decision"')
