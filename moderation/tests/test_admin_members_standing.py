"""Changing a member's standing in the admin: who may; suspending from the list, asked
first how long and why; lifting a suspension, the review policy and suspending from the
member's own page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from accounts.tests.factories import MemberFactory
from accounts.tests.staff import refused, sign_in
from forum.models import ModerationEvent

from .helpers import MEMBER_LIST_URL, member_url

ADMIN_LOGIN_URL = reverse("admin:login")
REASON = "Repeated medical advice to stop treatment."
NOT_MODERATORS = [None, "member", "suspended_member", "staff_without_moderation"]


def list_action(action, *members, **data):
    return {"action": action, "_selected_action": [m.pk for m in members], **data}


def page_action(action, member, **data):
    return {"CHANGE_FORM-action": action, "_selected_action": [member.pk], **data}


def suspension(duration="7", reason=REASON, **extra):
    return {"duration": duration, "reason": reason, "apply": "1", **extra}


# Who may act.


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_can_suspend_a_member(client, request, target_member, viewer, allowed):
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))

    response = client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target_member, **suspension())
    )

    target_member.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert target_member.is_currently_suspended()
    else:
        assert refused(response, ADMIN_LOGIN_URL)
        assert not target_member.is_suspended


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_can_put_a_member_on_always_review(
    client, request, target_member, viewer, allowed
):
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))

    response = client.post(
        MEMBER_LIST_URL, list_action("review_always_selected", target_member, index="0")
    )

    target_member.refresh_from_db()
    if allowed:
        assert target_member.review_policy == User.ReviewPolicy.ALWAYS
    else:
        assert refused(response, ADMIN_LOGIN_URL)
        assert target_member.review_policy == User.ReviewPolicy.STANDARD


# Suspending from the list, with the page that asks how long and why.


def test_choosing_suspend_asks_how_long_and_why_first(moderator_client, target_member):
    response = moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target_member, index="0")
    )

    assertContains(response, "For how long")
    assertContains(response, "target_tim")
    target_member.refresh_from_db()
    assert not target_member.is_suspended


def test_suspending_several_members_for_seven_days(moderator_client, target_member, member):
    before = timezone.now()

    moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target_member, member, **suspension("7"))
    )

    for suspended in (target_member, member):
        suspended.refresh_from_db()
        assert suspended.suspension_reason == REASON
        assert before + timedelta(days=7) <= suspended.suspended_until
        assert suspended.suspended_until <= timezone.now() + timedelta(days=7)
    assert ModerationEvent.objects.filter(action=ModerationEvent.Action.SUSPEND).count() == 2


@pytest.mark.parametrize(("duration", "days"), [("1", 1), ("30", 30)])
def test_suspending_for_a_number_of_days(moderator_client, target_member, duration, days):
    moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target_member, **suspension(duration))
    )

    target_member.refresh_from_db()
    remaining = target_member.suspended_until - timezone.now()
    assert timedelta(days=days) - timedelta(minutes=1) < remaining <= timedelta(days=days)


def test_suspending_until_a_date_ends_at_the_start_of_that_day(moderator_client, target_member):
    day = timezone.localdate() + timedelta(days=10)

    moderator_client.post(
        MEMBER_LIST_URL,
        list_action(
            "suspend_selected", target_member, **suspension("date", until_date=day.isoformat())
        ),
    )

    target_member.refresh_from_db()
    assert timezone.localtime(target_member.suspended_until).date() == day
    assert timezone.localtime(target_member.suspended_until).hour == 0


def test_suspending_indefinitely(moderator_client, target_member):
    moderator_client.post(
        MEMBER_LIST_URL,
        list_action("suspend_selected", target_member, **suspension("indefinitely")),
    )

    target_member.refresh_from_db()
    assert target_member.is_suspended
    assert target_member.suspended_until is None


def test_a_suspension_without_a_reason_is_asked_again_keeping_the_choice(
    moderator_client, target_member
):
    response = moderator_client.post(
        MEMBER_LIST_URL,
        list_action("suspend_selected", target_member, **suspension("30", reason=" ")),
    )

    assertContains(response, "Give the member a reason; they are shown it.")
    assert response.context["form"]["duration"].value() == "30"
    target_member.refresh_from_db()
    assert not target_member.is_suspended


@pytest.mark.parametrize(
    ("until_date", "message"),
    [
        ("", "Give the date the suspension ends."),
        ("not-a-date", "Enter a valid date."),
        ("2001-01-01", "Give a date after today."),
    ],
)
def test_a_bad_end_date_is_asked_again_keeping_the_reason(
    moderator_client, target_member, until_date, message
):
    response = moderator_client.post(
        MEMBER_LIST_URL,
        list_action("suspend_selected", target_member, **suspension("date", until_date=until_date)),
    )

    assertContains(response, message)
    assertContains(response, REASON)
    target_member.refresh_from_db()
    assert not target_member.is_suspended


def test_an_unknown_duration_is_refused(moderator_client, target_member):
    response = moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target_member, **suspension("forever"))
    )

    assertContains(response, "Select a valid choice.")
    target_member.refresh_from_db()
    assert not target_member.is_suspended


# Acting on one member from their page.


def test_suspending_from_the_members_page_comes_back_to_it(moderator_client, target_member):
    url = member_url(target_member)

    asked = moderator_client.post(url, page_action("suspend_selected", target_member))
    response = moderator_client.post(
        url, page_action("suspend_selected", target_member, **suspension("indefinitely"))
    )

    assertContains(asked, 'name="CHANGE_FORM-action" value="suspend_selected"', html=False)
    assert response.status_code == 302
    assert response.url == url
    target_member.refresh_from_db()
    assert target_member.is_currently_suspended()


def test_lifting_a_suspension_from_the_members_page(moderator_client, moderator):
    suspended = MemberFactory(username="suspended_sue", is_suspended=True, suspension_reason=REASON)

    moderator_client.post(member_url(suspended), page_action("lift_suspension_selected", suspended))

    suspended.refresh_from_db()
    assert not suspended.is_suspended
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.member) == (
        ModerationEvent.Action.UNSUSPEND,
        moderator,
        suspended,
    )


def test_review_until_trusted_from_the_members_page(moderator_client):
    careful = MemberFactory(username="careful_cara", review_policy="always")

    moderator_client.post(member_url(careful), page_action("review_standard_selected", careful))

    careful.refresh_from_db()
    assert careful.review_policy == User.ReviewPolicy.STANDARD


def test_the_members_page_shows_the_suspension_and_its_reason(moderator_client):
    suspended = MemberFactory(
        username="suspended_sue",
        is_suspended=True,
        suspended_until=timezone.now() + timedelta(days=2),
        suspension_reason=REASON,
    )

    response = moderator_client.get(member_url(suspended))

    assertContains(response, "Suspended until")
    assertContains(response, REASON)


def test_the_list_shows_who_is_suspended_now(moderator_client, target_member):
    MemberFactory(username="suspended_sue", is_suspended=True)

    response = moderator_client.get(MEMBER_LIST_URL, {"suspended": "yes"})

    assertContains(response, "suspended_sue")
    assertNotContains(response, "target_tim")
