"""
Moderators' decisions on members (moderation.members): timed and indefinite
suspensions and what the member is told, the review policy, and notes on a member.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import MemberNote
from accounts.tests.factories import MemberFactory, ModeratorFactory
from forum.errors import Refused
from forum.models import ModerationEvent, Post, Topic
from forum.tests.factories import make_question
from moderation import members

ASK_URL = reverse("forum:ask")
UNTIL = datetime(2036, 12, 3, 14, 0, tzinfo=UTC)
REASON = "Repeated medical advice to stop treatment."
NOTE = "Warned by e-mail about dosage advice, 3 March."


def reply_url(topic):
    return reverse(
        "forum:reply",
        kwargs={"category_slug": topic.category.slug, "pk": topic.pk, "slug": topic.slug},
    )


def suspend(moderator, member, until=UNTIL, reason=REASON):
    return members.suspend_member(moderator=moderator, member=member, until=until, reason=reason)


# The services.


def test_suspending_until_a_time_stops_the_member_posting_until_then(moderator, member):
    suspend(moderator, member)

    member.refresh_from_db()
    assert member.is_currently_suspended()
    assert member.suspended_until == UNTIL
    assert member.suspension_reason == REASON
    assert member.posting_restriction() == member.PostingRestriction.SUSPENDED


def test_suspending_indefinitely_lasts_until_a_moderator_lifts_it(moderator, member):
    suspend(moderator, member, until=None)

    member.refresh_from_db()
    assert member.is_currently_suspended(now=timezone.now() + timedelta(days=3650))


def test_a_suspension_is_recorded_with_its_end_and_reason(moderator, member):
    suspend(moderator, member)

    event = ModerationEvent.objects.get()
    assert event.action == ModerationEvent.Action.SUSPEND
    assert event.moderator == moderator
    assert event.member == member
    assert event.reason == REASON
    assert event.details == {"until": UNTIL.isoformat()}


def test_an_indefinite_suspension_is_recorded_as_indefinite(moderator, member):
    suspend(moderator, member, until=None)

    assert ModerationEvent.objects.get().details == {"until": "indefinitely"}


def test_a_suspension_without_a_reason_is_refused(moderator, member):
    with pytest.raises(Refused, match="reason"):
        suspend(moderator, member, reason="   ")

    member.refresh_from_db()
    assert not member.is_suspended
    assert not ModerationEvent.objects.exists()


def test_a_suspension_ending_in_the_past_is_refused(moderator, member):
    with pytest.raises(Refused, match="future"):
        suspend(moderator, member, until=timezone.now() - timedelta(minutes=1))

    member.refresh_from_db()
    assert not member.is_suspended


@pytest.mark.parametrize("who", ["member", "other_member", "suspended_member"])
def test_only_moderators_may_suspend(request, who, member):
    actor = request.getfixturevalue(who)
    if actor == member:
        member = MemberFactory(username="someone_else")

    with pytest.raises(PermissionDenied):
        suspend(actor, member)

    member.refresh_from_db()
    assert not member.is_suspended


def test_a_moderator_cannot_suspend_themselves(moderator):
    with pytest.raises(PermissionDenied):
        suspend(moderator, moderator)

    moderator.refresh_from_db()
    assert not moderator.is_suspended


def test_a_moderator_cannot_suspend_another_moderator(moderator):
    colleague = ModeratorFactory(username="moderator_max")

    with pytest.raises(PermissionDenied):
        suspend(moderator, colleague)

    colleague.refresh_from_db()
    assert not colleague.is_suspended


def test_a_moderator_cannot_suspend_an_administrator(moderator):
    administrator = MemberFactory(username="admin_ada", is_staff=True, is_superuser=True)

    with pytest.raises(PermissionDenied):
        suspend(moderator, administrator)


def test_lifting_a_suspension_lets_the_member_post_again(moderator, member):
    suspend(moderator, member)

    members.lift_suspension(moderator=moderator, member=member)

    member.refresh_from_db()
    assert not member.is_suspended
    assert member.suspended_until is None
    assert member.suspension_reason == ""
    assert member.posting_restriction() is None
    assert list(ModerationEvent.objects.values_list("action", flat=True).order_by("pk")) == [
        ModerationEvent.Action.SUSPEND,
        ModerationEvent.Action.UNSUSPEND,
    ]


def test_lifting_when_there_is_no_suspension_changes_and_records_nothing(moderator, member):
    members.lift_suspension(moderator=moderator, member=member)

    assert not ModerationEvent.objects.exists()


def test_members_cannot_lift_a_suspension(member, suspended_member):
    with pytest.raises(PermissionDenied):
        members.lift_suspension(moderator=member, member=suspended_member)

    suspended_member.refresh_from_db()
    assert suspended_member.is_suspended


def test_setting_always_review_is_recorded(moderator, member):
    members.set_review_policy(moderator=moderator, member=member, policy="always")

    member.refresh_from_db()
    assert member.review_policy == member.ReviewPolicy.ALWAYS
    assert ModerationEvent.objects.get().action == ModerationEvent.Action.REVIEW_ALWAYS


def test_setting_review_until_trusted_is_recorded(moderator):
    careful = MemberFactory(username="careful_cara", review_policy="always")

    members.set_review_policy(moderator=moderator, member=careful, policy="standard")

    careful.refresh_from_db()
    assert careful.review_policy == careful.ReviewPolicy.STANDARD
    assert ModerationEvent.objects.get().action == ModerationEvent.Action.REVIEW_STANDARD


def test_setting_the_policy_a_member_already_has_records_nothing(moderator, member):
    members.set_review_policy(moderator=moderator, member=member, policy="standard")

    assert not ModerationEvent.objects.exists()


def test_an_unknown_review_policy_is_refused(moderator, member):
    with pytest.raises(ValueError):
        members.set_review_policy(moderator=moderator, member=member, policy="never")

    member.refresh_from_db()
    assert member.review_policy == member.ReviewPolicy.STANDARD


def test_members_cannot_change_a_review_policy(member, other_member):
    with pytest.raises(PermissionDenied):
        members.set_review_policy(moderator=member, member=other_member, policy="always")


# What the suspended member sees.


def test_the_ask_page_tells_a_suspended_member_until_when_and_why(client, moderator, member):
    suspend(moderator, member)
    client.force_login(member)

    response = client.get(ASK_URL)

    assertContains(response, "It is suspended until 3 December 2036, 14:00.")
    assertContains(response, REASON)


def test_the_reply_box_tells_a_suspended_member_until_when_and_why(client, moderator, member):
    topic = make_question(title="Does creatine help?")
    suspend(moderator, member)
    client.force_login(member)

    response = client.get(topic.get_absolute_url())

    assertContains(response, "It is suspended until 3 December 2036, 14:00.")
    assertContains(response, REASON)


def test_an_indefinitely_suspended_member_is_told_a_moderator_must_lift_it(
    client, moderator, member
):
    suspend(moderator, member, until=None)
    client.force_login(member)

    response = client.get(ASK_URL)

    assertContains(response, "It is suspended until a moderator lifts it.")
    assertContains(response, REASON)


def test_a_suspended_member_can_still_read_questions(client, moderator, member):
    topic = make_question(title="Does creatine help?")
    suspend(moderator, member)
    client.force_login(member)

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Does creatine help?")


def test_a_suspended_member_who_replies_is_refused_with_the_reason(client, moderator, member):
    topic = make_question(title="Does creatine help?")
    suspend(moderator, member)
    client.force_login(member)

    response = client.post(reply_url(topic), {"body": "It helped me a little."})

    assert response.status_code == 403
    assertContains(response, REASON, status_code=403)
    assert not Post.objects.filter(author=member).exists()


def test_a_lapsed_suspension_lets_the_member_ask_without_anyone_acting(client, member, category):
    member.is_suspended = True
    member.suspended_until = timezone.now() - timedelta(minutes=1)
    member.suspension_reason = REASON
    member.save()
    client.force_login(member)

    page = client.get(ASK_URL)
    response = client.post(
        ASK_URL,
        {
            "title": "Is it safe to exercise with necrotizing myopathy?",
            "category": str(category.pk),
            "body": "My physiotherapist suggests gentle walking. What has worked for you?",
        },
    )

    assertNotContains(page, REASON)
    assert response.status_code == 302
    assert Topic.objects.filter(opening_post__author=member).exists()


def test_a_suspended_member_is_emailed_why_and_until_when(
    moderator, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suspend(moderator, member)

    (message,) = mailoutbox
    assert message.to == [member.email]
    assert message.subject == "[Askwell] Your account is suspended"
    assert "until 3 December 2036" in message.body
    assert REASON in message.body


def test_an_indefinite_suspension_email_says_until_a_moderator_lifts_it(
    moderator, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suspend(moderator, member, until=None)

    assert "until a moderator lifts the" in mailoutbox[0].body


# Notes on a member, for moderators only.


def test_a_note_is_signed_by_the_moderator_and_recorded(moderator, target_member):
    note = members.add_member_note(moderator=moderator, member=target_member, text=f"  {NOTE} ")

    assert (note.member, note.author, note.text) == (target_member, moderator, NOTE)
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.member) == (
        ModerationEvent.Action.ADD_MEMBER_NOTE,
        moderator,
        target_member,
    )


def test_an_empty_note_is_refused(moderator, target_member):
    with pytest.raises(Refused):
        members.add_member_note(moderator=moderator, member=target_member, text="   ")

    assert not MemberNote.objects.exists()


@pytest.mark.parametrize("who", ["member", "suspended_member"])
def test_members_cannot_keep_notes(request, who, target_member):
    with pytest.raises(PermissionDenied):
        members.add_member_note(
            moderator=request.getfixturevalue(who), member=target_member, text=NOTE
        )

    assert not MemberNote.objects.exists()
