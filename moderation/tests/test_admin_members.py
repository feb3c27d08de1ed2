"""Member standing in the admin: suspending, lifting, review policy, a member's posts
and flags, and what moderators can never change."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from accounts.tests.factories import MemberFactory
from accounts.tests.staff import refused, sign_in
from forum.models import Flag, ModerationEvent, Post
from forum.tests.factories import make_question, make_reply

MEMBER_LIST_URL = reverse("admin:accounts_member_changelist")
ADMIN_LOGIN_URL = reverse("admin:login")
REASON = "Repeated medical advice to stop treatment."
NOT_MODERATORS = [None, "member", "suspended_member", "staff_without_moderation"]


@pytest.fixture
def staff_without_moderation(db):
    user = MemberFactory(username="staff_stan", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_member"),
        Permission.objects.get(codename="change_member"),
    )
    return user


@pytest.fixture
def target(db):
    return MemberFactory(username="target_tim")


@pytest.fixture
def moderator_client(client, moderator):
    return sign_in(client, moderator)


def member_url(user):
    return reverse("admin:accounts_member_change", args=[user.pk])


def list_action(action, *members, **data):
    return {"action": action, "_selected_action": [m.pk for m in members], **data}


def page_action(action, member, **data):
    return {"CHANGE_FORM-action": action, "_selected_action": [member.pk], **data}


def page_form(client, member, **data):
    """What the member's page sends when saved: its inline forms' management data (the
    note left empty) plus `data`."""
    page = client.get(member_url(member))
    sent = {"_save": "Save", **data}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            sent[management.add_prefix(name)] = management.initial.get(name, field.initial)
    return sent


def suspension(duration="7", reason=REASON, **extra):
    return {"duration": duration, "reason": reason, "apply": "1", **extra}


# Who may act.


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_can_suspend_a_member(client, request, target, viewer, allowed):
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))

    response = client.post(MEMBER_LIST_URL, list_action("suspend_selected", target, **suspension()))

    target.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert target.is_currently_suspended()
    else:
        assert refused(response, ADMIN_LOGIN_URL)
        assert not target.is_suspended


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_can_put_a_member_on_always_review(
    client, request, target, viewer, allowed
):
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))

    response = client.post(
        MEMBER_LIST_URL, list_action("review_always_selected", target, index="0")
    )

    target.refresh_from_db()
    if allowed:
        assert target.review_policy == User.ReviewPolicy.ALWAYS
    else:
        assert refused(response, ADMIN_LOGIN_URL)
        assert target.review_policy == User.ReviewPolicy.STANDARD


# Suspending from the list, with the page that asks how long and why.


def test_choosing_suspend_asks_how_long_and_why_first(moderator_client, target):
    response = moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target, index="0")
    )

    assertContains(response, "For how long")
    assertContains(response, "target_tim")
    target.refresh_from_db()
    assert not target.is_suspended


def test_suspending_several_members_for_seven_days(moderator_client, target, member):
    before = timezone.now()

    moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target, member, **suspension("7"))
    )

    for suspended in (target, member):
        suspended.refresh_from_db()
        assert suspended.suspension_reason == REASON
        assert before + timedelta(days=7) <= suspended.suspended_until
        assert suspended.suspended_until <= timezone.now() + timedelta(days=7)
    assert ModerationEvent.objects.filter(action=ModerationEvent.Action.SUSPEND).count() == 2


@pytest.mark.parametrize(("duration", "days"), [("1", 1), ("30", 30)])
def test_suspending_for_a_number_of_days(moderator_client, target, duration, days):
    moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target, **suspension(duration))
    )

    target.refresh_from_db()
    remaining = target.suspended_until - timezone.now()
    assert timedelta(days=days) - timedelta(minutes=1) < remaining <= timedelta(days=days)


def test_suspending_until_a_date_ends_at_the_start_of_that_day(moderator_client, target):
    day = timezone.localdate() + timedelta(days=10)

    moderator_client.post(
        MEMBER_LIST_URL,
        list_action("suspend_selected", target, **suspension("date", until_date=day.isoformat())),
    )

    target.refresh_from_db()
    assert timezone.localtime(target.suspended_until).date() == day
    assert timezone.localtime(target.suspended_until).hour == 0


def test_suspending_indefinitely(moderator_client, target):
    moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target, **suspension("indefinitely"))
    )

    target.refresh_from_db()
    assert target.is_suspended
    assert target.suspended_until is None


def test_a_suspension_without_a_reason_is_asked_again_keeping_the_choice(moderator_client, target):
    response = moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target, **suspension("30", reason=" "))
    )

    assertContains(response, "Give the member a reason; they are shown it.")
    assert response.context["form"]["duration"].value() == "30"
    target.refresh_from_db()
    assert not target.is_suspended


@pytest.mark.parametrize(
    ("until_date", "message"),
    [
        ("", "Give the date the suspension ends."),
        ("not-a-date", "Enter a valid date."),
        ("2001-01-01", "Give a date after today."),
    ],
)
def test_a_bad_end_date_is_asked_again_keeping_the_reason(
    moderator_client, target, until_date, message
):
    response = moderator_client.post(
        MEMBER_LIST_URL,
        list_action("suspend_selected", target, **suspension("date", until_date=until_date)),
    )

    assertContains(response, message)
    assertContains(response, REASON)
    target.refresh_from_db()
    assert not target.is_suspended


def test_an_unknown_duration_is_refused(moderator_client, target):
    response = moderator_client.post(
        MEMBER_LIST_URL, list_action("suspend_selected", target, **suspension("forever"))
    )

    assertContains(response, "Select a valid choice.")
    target.refresh_from_db()
    assert not target.is_suspended


# Acting on one member from their page.


def test_suspending_from_the_members_page_comes_back_to_it(moderator_client, target):
    url = member_url(target)

    asked = moderator_client.post(url, page_action("suspend_selected", target))
    response = moderator_client.post(
        url, page_action("suspend_selected", target, **suspension("indefinitely"))
    )

    assertContains(asked, 'name="CHANGE_FORM-action" value="suspend_selected"', html=False)
    assert response.status_code == 302
    assert response.url == url
    target.refresh_from_db()
    assert target.is_currently_suspended()


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


def test_the_list_shows_who_is_suspended_now(moderator_client, target):
    MemberFactory(username="suspended_sue", is_suspended=True)

    response = moderator_client.get(MEMBER_LIST_URL, {"suspended": "yes"})

    assertContains(response, "suspended_sue")
    assertNotContains(response, "target_tim")


# Their posts and flags.


def test_the_members_page_counts_approved_and_rejected_posts(moderator_client, target):
    make_question(author=target, slug="one")
    make_question(author=target, slug="two", state=Post.State.REJECTED)
    make_question(author=target, slug="three", state=Post.State.REJECTED)

    response = moderator_client.get(member_url(target))

    assertContains(response, "1 approved · 2 rejected")


def test_the_members_page_links_to_all_their_posts(moderator_client, target, member):
    topic = make_question(author=member, title="Someone else's question")
    make_reply(topic=topic, author=target, body="A reply by the member we look at.")
    page = moderator_client.get(member_url(target))
    posts_url = reverse("admin:forum_post_changelist") + f"?author__id__exact={target.pk}"

    response = moderator_client.get(posts_url)

    assertContains(page, posts_url.replace("&", "&amp;"))
    assertContains(response, "A reply by the member we look at.")
    assertNotContains(response, "I was diagnosed last month")


def test_the_members_page_links_to_the_flags_they_raised(moderator_client, target, member):
    topic = make_question(author=member, body="Stop your treatment, it is poison.")
    Flag.objects.create(post=topic.opening_post, flagger=target, reason="misinformation")
    page = moderator_client.get(member_url(target))
    flags_url = reverse("admin:forum_flag_changelist") + f"?flagger__id__exact={target.pk}"

    response = moderator_client.get(flags_url)

    assertContains(page, "1 flag raised")
    assertContains(page, flags_url)
    assert [flag.flagger for flag in response.context["cl"].result_list] == [target]


def test_the_members_page_counts_the_flags_on_their_posts(moderator_client, target, member):
    topic = make_question(author=target, body="Stop your treatment, it is poison.")
    Flag.objects.create(post=topic.opening_post, flagger=member, reason="misinformation")

    response = moderator_client.get(member_url(target))

    assertContains(response, "1 flag on their posts · 1 still open")


def test_the_members_page_links_to_the_flags_on_their_posts(moderator_client, target, member):
    topic = make_question(author=target, body="Stop your treatment, it is poison.")
    Flag.objects.create(post=topic.opening_post, flagger=member, reason="misinformation")
    make_question(author=member, body="Another question, flagged by the member we look at.")
    page = moderator_client.get(member_url(target))
    flags_url = reverse("admin:forum_flag_changelist") + f"?post__author__id__exact={target.pk}"

    response = moderator_client.get(flags_url)

    assertContains(page, flags_url)
    assert [flag.post.author for flag in response.context["cl"].result_list] == [target]


# What moderators can never change.

FORBIDDEN = {
    "username": "renamed",
    "email": "new@example.org",
    "password": "plain-text",
    "is_staff": "on",
    "is_superuser": "on",
    "is_active": "",
    "review_policy": "always",
    "is_suspended": "on",
    "suspension_reason": "typed",
    "professional_title": "Surgeon",
    "professional_until": "2099-01-01",
}


@pytest.mark.parametrize(("field", "value"), FORBIDDEN.items())
def test_posting_account_fields_on_a_members_page_changes_nothing(
    moderator_client, target, field, value
):
    before = User.objects.filter(pk=target.pk).values().get()

    data = page_form(moderator_client, target, **{field: value})

    response = moderator_client.post(member_url(target), data)

    assert response.status_code == 302
    assert User.objects.filter(pk=target.pk).values().get() == before


def test_posting_groups_and_permissions_on_a_members_page_changes_nothing(moderator_client, target):
    moderators = Group.objects.get(name="Moderators")
    permission = Permission.objects.get(codename="moderate_post")

    data = page_form(
        moderator_client, target, groups=[moderators.pk], user_permissions=[permission.pk]
    )

    response = moderator_client.post(member_url(target), data)

    assert response.status_code == 302
    assert not target.groups.exists()
    assert not target.user_permissions.exists()
    target.refresh_from_db()
    assert not target.is_moderator()


def test_the_members_page_offers_the_standing_actions(moderator_client, target):
    response = moderator_client.get(member_url(target))

    for value, label in [
        ("suspend_selected", "Suspend…"),
        ("lift_suspension_selected", "Lift suspension"),
        ("review_always_selected", "Always review"),
        ("review_standard_selected", "Review until trusted"),
    ]:
        assertContains(response, f'<option value="{value}">{label}</option>', html=True)
    assertNotContains(response, "delete_selected")
