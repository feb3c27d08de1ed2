"""
Questions in the admin: moderators lock, pin, hide and restore them, one at a time on
a question's page or several at once from the list; nobody else may. Moving and
merging: test_admin_questions_move_merge.py.
"""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from forum.models import ModerationEvent, Post, Topic
from forum.tests.factories import make_question
from moderation import questions

from .helpers import TOPICS, apply, fresh, messages_of, run, run_on_page

NOT_MODERATORS = ["anonymous", "member", "suspended_member", "staff_member"]
# Those who are not staff are sent to sign in; staff without the moderation
# permission are refused.
REFUSED = {"anonymous": 302, "member": 302, "suspended_member": 302, "staff_member": 403}


# The list and a question's page.


def test_the_list_shows_state_category_lock_pin_and_merge(
    moderator_client, moderator, topic, target
):
    questions.lock_topic(topic=target, moderator=moderator)
    questions.pin_topic(topic=target, moderator=moderator)
    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    response = moderator_client.get(TOPICS)

    assert response.status_code == 200
    assertContains(response, "Treatments and medication")
    assertContains(response, "Published")
    assertContains(
        response,
        '<td class="field-is_locked"><img src="/static/admin/img/icon-yes.svg" alt="True"></td>',
        html=True,
        count=2,
    )
    assertContains(
        response,
        '<td class="field-is_pinned"><img src="/static/admin/img/icon-yes.svg" alt="True"></td>',
        html=True,
        count=1,
    )
    assertContains(
        response,
        f'<td class="field-merged"><a href="{TOPICS}{target.pk}/change/">'
        "IVIG and tiredness</a></td>",
        html=True,
    )


def test_the_list_costs_the_same_queries_however_many_questions(
    moderator_client, moderator, django_assert_max_num_queries
):
    for n in range(3):
        merged = make_question(title=f"Duplicate {n}")
        questions.merge_topic(topic=merged, into=make_question(), moderator=moderator)
    moderator_client.get(TOPICS)
    with django_assert_max_num_queries(12) as few:
        moderator_client.get(TOPICS)
    for n in range(10):
        merged = make_question(title=f"More {n}")
        questions.merge_topic(topic=merged, into=make_question(), moderator=moderator)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = moderator_client.get(TOPICS)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 26


def test_the_list_can_be_narrowed_to_merged_duplicates(moderator_client, moderator, topic, target):
    questions.merge_topic(topic=topic, into=target, moderator=moderator)

    response = moderator_client.get(TOPICS, {"merged": "yes"})

    assert list(response.context["cl"].result_list) == [topic]


def test_a_question_is_found_by_its_number(moderator_client, topic, target):
    response = moderator_client.get(TOPICS, {"q": f"#{target.pk}"})

    assert list(response.context["cl"].result_list) == [target]


def test_a_question_is_found_by_words_from_its_title(moderator_client, topic, target):
    response = moderator_client.get(TOPICS, {"q": "tiredness"})

    assert list(response.context["cl"].result_list) == [target]


def test_a_questions_page_offers_the_moderation_actions_and_nothing_to_edit(
    moderator_client, topic
):
    response = moderator_client.get(f"{TOPICS}{topic.pk}/change/")

    assert response.status_code == 200
    assertContains(
        response, '<option value="lock_selected">Lock: no new replies</option>', html=True
    )
    assertContains(response, "Merge a duplicate into another question…")
    assertNotContains(response, 'name="_save"')
    assertNotContains(response, 'name="title"')
    assertNotContains(response, "delete_selected")


def test_a_moderator_cannot_change_add_or_delete_questions_directly(
    moderator_client, topic, category
):
    change = moderator_client.post(f"{TOPICS}{topic.pk}/change/", {"title": "Renamed"})
    add = moderator_client.post(f"{TOPICS}add/", {"title": "New", "category": category.pk})
    delete = moderator_client.post(f"{TOPICS}{topic.pk}/delete/", {"post": "yes"})
    bulk_delete = run(moderator_client, "delete_selected", topic, post="yes")

    assert (change.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    assert bulk_delete.status_code == 302
    assert "No action selected." in messages_of(bulk_delete)
    assert fresh(topic).title == "Does IVIG help with fatigue?"
    assert Topic.objects.count() == 1


# Lock, pin, hide and their opposites: one or several.


@pytest.mark.parametrize(
    ("action", "changed", "message"),
    [
        ("lock_selected", lambda t: t.is_locked, "2 questions locked."),
        ("pin_selected", lambda t: t.is_pinned, "2 questions pinned."),
        ("hide_selected", lambda t: t.opening_post.state == "hidden", "2 questions hidden."),
    ],
)
def test_several_questions_are_moderated_at_once(
    moderator_client, topic, target, action, changed, message
):
    response = run(moderator_client, action, topic, target)

    assert response.status_code == 302
    assert changed(fresh(topic)) and changed(fresh(target))
    assert messages_of(response) == [message]
    assert ModerationEvent.objects.count() == 2


@pytest.mark.parametrize(
    ("first", "undo", "message", "action"),
    [
        (questions.lock_topic, "unlock_selected", "1 question unlocked.", "unlock"),
        (questions.pin_topic, "unpin_selected", "1 question unpinned.", "unpin"),
        (questions.hide_topic, "restore_selected", "1 question restored.", "restore_topic"),
    ],
)
def test_a_moderation_is_undone_and_what_did_not_apply_is_reported(
    moderator_client, moderator, topic, target, first, undo, message, action
):
    first(topic=topic, moderator=moderator)

    response = run(moderator_client, undo, topic, target)

    assert messages_of(response)[0] == message
    assert messages_of(response)[1].startswith("1 question was left as it was. ")
    assert ModerationEvent.objects.filter(action=action).count() == 1


def test_questions_already_locked_are_reported_as_left_alone(
    moderator_client, moderator, topic, target
):
    questions.lock_topic(topic=topic, moderator=moderator)

    response = run(moderator_client, "lock_selected", topic, target)

    assert messages_of(response) == [
        "1 question locked.",
        "1 question was left as it was. This question is already locked.",
    ]


def test_hiding_a_question_waiting_for_review_is_refused_with_a_message(moderator_client, member):
    waiting = make_question(author=member, state=Post.State.PENDING)

    response = run(moderator_client, "hide_selected", waiting)

    assert messages_of(response) == [
        "1 question was left as it was. The question is not published."
    ]
    assert fresh(waiting).opening_post.state == Post.State.PENDING


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("lock_selected", lambda t: t.is_locked),
        ("pin_selected", lambda t: t.is_pinned),
        ("hide_selected", lambda t: t.opening_post.state == "hidden"),
    ],
)
def test_one_question_is_moderated_from_its_own_page(moderator_client, topic, action, check):
    response = run_on_page(moderator_client, action, topic)

    assert response.status_code == 302
    assert response.url == f"{TOPICS}{topic.pk}/change/"
    assert check(fresh(topic))
    assert len(messages_of(response)) == 1


def test_an_action_with_nothing_selected_changes_nothing(moderator_client, topic):
    response = run(moderator_client, "lock_selected")

    assert response.status_code == 302
    assert not fresh(topic).is_locked


def test_an_unknown_action_changes_nothing(moderator_client, topic):
    response = run(moderator_client, "drop_tables", topic)

    assert response.status_code == 302
    assert "No action selected." in messages_of(response)
    assert ModerationEvent.objects.count() == 0


# Who may do any of it.

ACTIONS = [
    ("lock_selected", {}),
    ("unlock_selected", {}),
    ("pin_selected", {}),
    ("unpin_selected", {}),
    ("hide_selected", {}),
    ("restore_selected", {}),
]


@pytest.mark.parametrize("role", NOT_MODERATORS)
@pytest.mark.parametrize("page", ["", "{pk}/change/", "{pk}/history/", "add/", "{pk}/delete/"])
def test_only_moderators_may_open_the_question_pages(sign_in, topic, role, page):
    client = sign_in(role)

    response = client.get(f"{TOPICS}{page.format(pk=topic.pk)}")

    assert response.status_code == REFUSED[role]
    if response.status_code == 302:
        assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize("page", ["", "{pk}/change/", "{pk}/history/"])
def test_moderators_may_open_the_question_pages(moderator_client, topic, page):
    assert moderator_client.get(f"{TOPICS}{page.format(pk=topic.pk)}").status_code == 200


@pytest.mark.parametrize("role", NOT_MODERATORS)
@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_only_moderators_may_run_the_simple_actions(sign_in, moderator, topic, role, action, data):
    questions.hide_topic(topic=topic, moderator=moderator)
    questions.lock_topic(topic=topic, moderator=moderator)
    questions.pin_topic(topic=topic, moderator=moderator)
    client = sign_in(role)
    before = ModerationEvent.objects.count()

    in_list = run(client, action, topic, **data)
    on_page = run_on_page(client, action, topic)

    assert in_list.status_code == REFUSED[role]
    assert on_page.status_code == REFUSED[role]
    assert ModerationEvent.objects.count() == before


@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_only_moderators_may_move_questions(sign_in, topic, role, other_category):
    client = sign_in(role)

    asked = run(client, "move_selected", topic)
    applied = apply(client, "move_selected", topic, category=other_category.pk)

    assert (asked.status_code, applied.status_code) == (REFUSED[role], REFUSED[role])
    assert fresh(topic).category.slug == "treatments-and-medication"


@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_only_moderators_may_merge_questions(sign_in, topic, target, role):
    client = sign_in(role)

    asked = run(client, "merge_selected", topic)
    applied = apply(client, "merge_selected", topic, target=target.pk)

    assert (asked.status_code, applied.status_code) == (REFUSED[role], REFUSED[role])
    assert fresh(topic).merged_into is None


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_moderators_may_run_every_simple_action(moderator_client, moderator, topic, action, data):
    if action in ("unlock_selected", "unpin_selected", "restore_selected"):
        questions.hide_topic(topic=topic, moderator=moderator)
        questions.lock_topic(topic=topic, moderator=moderator)
        questions.pin_topic(topic=topic, moderator=moderator)
    before = ModerationEvent.objects.count()

    response = run(moderator_client, action, topic, **data)

    assert response.status_code == 302
    assert ModerationEvent.objects.count() == before + 1
