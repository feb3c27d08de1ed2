"""
Deciding in the moderation queue: one-click decisions on a post's page, and decisions
on several posts at once from the list.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import Flag, ModerationEvent, Post, RejectionReason, Topic
from forum.tests.factories import make_reply

from .helpers import (
    act,
    decide,
    flag,
    hide,
    listed,
    messages_of,
    open_flag_count,
    queue_url,
    review_url,
    state_of,
)

pytestmark = pytest.mark.usefixtures("three_flags_hide")


# One post: the decisions.


def test_a_decision_in_the_queue_leaves_the_post_out_of_it(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.post(review_url(post), {"decision": "approve"})

    assertRedirects(response, queue_url())
    assert messages_of(response) == ["Approved and published."]
    assert list(moderator_client.get(queue_url()).context["cl"].result_list) == []
    assert moderator_client.get(review_url(post)).status_code == 302


def test_a_moderator_approves_a_pending_post(moderator_client, moderator, question, pending_reply):
    response = decide(moderator_client, pending_reply, "approve")

    assertRedirects(response, queue_url())
    assert messages_of(response) == ["Approved and published."]
    assert state_of(pending_reply) == Post.State.APPROVED
    assert Topic.objects.get(pk=question.pk).reply_count == 1
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.post) == ("approve", moderator, pending_reply)


def test_a_moderator_rejects_with_a_canned_reason_and_a_note_and_the_author_gets_both(
    moderator_client,
    moderator,
    member,
    pending_reply,
    canned,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            moderator_client,
            pending_reply,
            "reject",
            canned_reason=canned.pk,
            reason="The link in your second line.",
        )

    assertRedirects(response, queue_url())
    assert messages_of(response) == ["Rejected. The author has been told why by e-mail."]
    pending_reply.refresh_from_db()
    assert pending_reply.state == Post.State.REJECTED
    assert pending_reply.rejection_reason == (
        "Posts may not advertise products.\n\nThe link in your second line."
    )
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert "Posts may not advertise products." in mail.body
    assert "The link in your second line." in mail.body
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("reject", moderator)
    assert event.details == {"canned_reason": "No advertising"}


def test_a_canned_reason_alone_is_enough_to_reject(moderator_client, pending_reply, canned):
    decide(moderator_client, pending_reply, "reject", canned_reason=canned.pk, reason="")

    assert Post.objects.get(pk=pending_reply.pk).rejection_reason == canned.text


def test_a_note_alone_is_enough_to_reject(moderator_client, pending_reply):
    decide(moderator_client, pending_reply, "reject", reason="Off topic here.")

    assert Post.objects.get(pk=pending_reply.pk).rejection_reason == "Off topic here."


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_needs_a_canned_reason_or_a_note(
    moderator_client, pending_reply, reason, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(moderator_client, pending_reply, "reject", reason=reason)

    assert response.status_code == 200
    assert response.context["decision_form"].has_error("__all__", "reason_required")
    assertContains(response, "Choose a canned reason or write a note")
    assert state_of(pending_reply) == Post.State.PENDING
    assert not ModerationEvent.objects.exists()
    assert mailoutbox == []


def test_a_note_typed_before_an_error_is_kept(moderator_client, pending_reply):
    response = decide(moderator_client, pending_reply, "reject", canned_reason="999", reason="Mine")

    assert response.context["decision_form"].has_error("canned_reason", "invalid_choice")
    assertContains(response, "Mine</textarea>")


def test_a_canned_reason_no_longer_offered_cannot_be_chosen(
    moderator_client, pending_reply, canned
):
    RejectionReason.objects.filter(pk=canned.pk).update(is_active=False)

    response = decide(moderator_client, pending_reply, "reject", canned_reason=canned.pk)

    assert response.context["decision_form"].has_error("canned_reason", "invalid_choice")
    assertNotContains(response, "No advertising")
    assert state_of(pending_reply) == Post.State.PENDING


def test_rejecting_a_hidden_post_upholds_its_flags_and_tells_the_author(
    moderator_client, member, hidden_reply, canned, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(moderator_client, hidden_reply, "reject", canned_reason=canned.pk)

    assert state_of(hidden_reply) == Post.State.REJECTED
    assert set(Flag.objects.values_list("resolution", flat=True)) == {"upheld"}
    [mail] = mailoutbox
    assert canned.text in mail.body


def test_rejecting_a_flagged_published_post_unpublishes_it(
    moderator_client, question, flagged_reply
):
    decide(moderator_client, flagged_reply, "reject", reason="Advertising.")

    assert state_of(flagged_reply) == Post.State.REJECTED
    assert Topic.objects.get(pk=question.pk).reply_count == 0
    assert open_flag_count(flagged_reply) == 0


def test_a_moderator_hides_a_flagged_post_while_deciding(
    moderator_client, moderator, question, flagged_reply
):
    response = decide(moderator_client, flagged_reply, "hide")

    assertRedirects(response, queue_url())
    assert messages_of(response) == [
        "Hidden. It stays in the queue until you restore or reject it."
    ]
    assert state_of(flagged_reply) == Post.State.HIDDEN
    assert Topic.objects.get(pk=question.pk).reply_count == 0
    assert open_flag_count(flagged_reply) == 1
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.reason) == (
        "hide",
        moderator,
        "Spam or advertising (1)",
    )
    assert listed(moderator_client.get(queue_url())) == [flagged_reply]


def test_a_moderator_restores_a_hidden_post(moderator_client, moderator, question, hidden_reply):
    response = decide(moderator_client, hidden_reply, "restore")

    assert messages_of(response) == [
        "Restored: the post is published again and its flags are dismissed."
    ]
    assert state_of(hidden_reply) == Post.State.APPROVED
    assert Topic.objects.get(pk=question.pk).reply_count == 1
    assert open_flag_count(hidden_reply) == 0
    assert ModerationEvent.objects.first().action == "restore"


def test_a_moderator_dismisses_the_flags_on_a_published_post(
    moderator_client, moderator, flagged_reply
):
    response = decide(moderator_client, flagged_reply, "dismiss")

    assert messages_of(response) == ["Flags dismissed. The post stays as it is."]
    assert state_of(flagged_reply) == Post.State.APPROVED
    assert Flag.objects.get().resolution == "dismissed"
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("dismiss_flags", moderator)
    assert listed(moderator_client.get(queue_url())) == []


@pytest.mark.parametrize(
    ("fixture", "decision"),
    [
        ("pending_reply", "hide"),
        ("pending_reply", "dismiss"),
        ("hidden_reply", "approve"),
        ("hidden_reply", "dismiss"),
        ("flagged_reply", "approve"),
        ("flagged_reply", "restore"),
        ("flagged_reply", "note"),
        ("flagged_reply", "explode"),
        ("flagged_reply", ""),
    ],
)
def test_a_decision_that_does_not_fit_the_post_is_refused(
    moderator_client, request, fixture, decision
):
    post = request.getfixturevalue(fixture)
    before = state_of(post), open_flag_count(post)

    response = decide(moderator_client, post, decision)

    assert response.status_code == 200
    assert response.context["decision_form"].has_error("decision")
    assert (state_of(post), open_flag_count(post)) == before
    assert not ModerationEvent.objects.exclude(action="hide", moderator=None).exists()


# Several posts at once.


def test_a_moderator_approves_several_posts_and_hears_what_was_skipped(
    moderator_client, question, flagged_reply
):
    first = make_reply(topic=question, state=Post.State.PENDING)
    second = make_reply(topic=question, state=Post.State.PENDING)

    response = act(moderator_client, "approve_selected", [first, second, flagged_reply])

    assertRedirects(response, queue_url())
    assert messages_of(response) == [
        "2 posts approved.",
        "1 post was left as it was. This post is no longer waiting for review.",
    ]
    assert [state_of(p) for p in (first, second)] == ["approved", "approved"]
    assert ModerationEvent.objects.filter(action="approve").count() == 2


def test_rejecting_several_posts_first_asks_for_a_reason(
    moderator_client, pending_reply, hidden_reply, canned
):
    response = act(moderator_client, "reject_selected", [pending_reply, hidden_reply])

    assert response.status_code == 200
    assertContains(response, "You are rejecting 2 posts.")
    assertContains(response, "No advertising: Posts may not advertise products.")
    assert [state_of(p) for p in (pending_reply, hidden_reply)] == ["pending", "hidden"]


def test_a_moderator_rejects_several_posts_with_one_canned_reason_and_each_author_is_told(
    moderator_client,
    question,
    member,
    other_member,
    canned,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    first = make_reply(topic=question, author=member, state=Post.State.PENDING)
    second = hide(make_reply(topic=question, author=other_member))

    with django_capture_on_commit_callbacks(execute=True):
        response = act(
            moderator_client,
            "reject_selected",
            [first, second],
            apply="1",
            canned_reason=canned.pk,
            reason="",
        )

    assertRedirects(response, queue_url())
    assert messages_of(response) == ["2 posts rejected. Each author has been told why by e-mail."]
    assert [state_of(p) for p in (first, second)] == ["rejected", "rejected"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, other_member.email])
    assert ModerationEvent.objects.filter(action="reject").count() == 2


def test_rejecting_several_posts_without_a_reason_keeps_them_selected(
    moderator_client, pending_reply, hidden_reply
):
    response = act(
        moderator_client, "reject_selected", [pending_reply, hidden_reply], apply="1", reason=" "
    )

    assert response.context["form"].has_error("__all__", "reason_required")
    assertContains(response, f'name="{ACTION_CHECKBOX_NAME}" value="{pending_reply.pk}"')
    assertContains(response, f'name="{ACTION_CHECKBOX_NAME}" value="{hidden_reply.pk}"')
    assert [state_of(p) for p in (pending_reply, hidden_reply)] == ["pending", "hidden"]
    assert not ModerationEvent.objects.filter(action="reject").exists()


def test_a_moderator_hides_several_published_posts(
    moderator_client, question, flagged_reply, pending_reply
):
    other = make_reply(topic=question)
    flag(other)

    response = act(moderator_client, "hide_selected", [flagged_reply, other, pending_reply])

    assert messages_of(response) == [
        "2 posts hidden.",
        "1 post was left as it was. This post is not published.",
    ]
    assert [state_of(p) for p in (flagged_reply, other, pending_reply)] == [
        "hidden",
        "hidden",
        "pending",
    ]
    assert ModerationEvent.objects.filter(action="hide").exclude(moderator=None).count() == 2


def test_a_moderator_restores_several_hidden_posts(
    moderator_client, question, hidden_reply, flagged_reply
):
    response = act(moderator_client, "restore_selected", [hidden_reply, flagged_reply])

    assert messages_of(response) == [
        "1 post restored.",
        "1 post was left as it was. This post is not hidden.",
    ]
    assert state_of(hidden_reply) == "approved"
    assert open_flag_count(flagged_reply) == 1


def test_a_moderator_dismisses_flags_on_several_posts_and_hidden_ones_wait(
    moderator_client, question, flagged_reply, hidden_reply
):
    other = make_reply(topic=question)
    flag(other)

    response = act(moderator_client, "dismiss_selected", [flagged_reply, other, hidden_reply])

    assert messages_of(response)[0] == "Flags dismissed on 2 posts."
    assert messages_of(response)[1] == (
        "1 post was left as it was. This post is hidden: restore it or reject it instead."
    )
    assert [open_flag_count(p) for p in (flagged_reply, other, hidden_reply)] == [0, 0, 3]
    assert ModerationEvent.objects.filter(action="dismiss_flags").count() == 2
