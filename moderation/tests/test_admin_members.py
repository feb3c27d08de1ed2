"""Member standing in the admin: only moderators see it, never e-mail addresses or staff
accounts; a member's posts and flags; and what moderators can never change."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from accounts.tests.factories import ModeratorFactory
from accounts.tests.staff import refused, sign_in
from forum.models import Flag, Post
from forum.tests.factories import make_question, make_reply

from .helpers import MEMBER_LIST_URL, member_url

ADMIN_LOGIN_URL = reverse("admin:login")


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


# Who sees member standing, and what of it.

NOT_MODERATORS = [None, "member", "other_member", "suspended_member", "staff_without_moderation"]


def viewer_client(client, request, viewer):
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))
    return client


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_see_member_standing(client, request, member, viewer, allowed):
    viewer_client(client, request, viewer)

    response = client.get(MEMBER_LIST_URL)

    if allowed:
        assertContains(response, "patient_pat")
    else:
        assert refused(response, ADMIN_LOGIN_URL)


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_open_a_members_page(client, request, member, viewer, allowed):
    viewer_client(client, request, viewer)

    response = client.get(member_url(member))

    if allowed:
        assertContains(response, "patient_pat")
    else:
        assert refused(response, ADMIN_LOGIN_URL)


@pytest.mark.parametrize("page", ["list", "change"])
def test_member_standing_never_shows_email_addresses(client, moderator, member, page):
    sign_in(client, moderator)

    response = client.get(MEMBER_LIST_URL if page == "list" else member_url(member))

    assertContains(response, "patient_pat")
    assertNotContains(response, "@example.org")


def test_searching_member_standing_by_username_finds_the_member(client, moderator, member):
    sign_in(client, moderator)

    response = client.get(MEMBER_LIST_URL, {"q": "patient"})

    assert list(response.context["cl"].result_list) == [member]


def test_searching_member_standing_by_email_address_finds_no_one(client, moderator, member):
    sign_in(client, moderator)

    response = client.get(MEMBER_LIST_URL, {"q": "patient_pat@example.org"})

    assert list(response.context["cl"].result_list) == []


def test_moderator_cannot_add_members(client, moderator):
    sign_in(client, moderator)

    response = client.get(reverse("admin:accounts_member_add"))

    assert response.status_code == 403


def test_moderator_cannot_delete_members(client, moderator, member):
    sign_in(client, moderator)

    response = client.post(member_url(member, "delete"), {"post": "yes"})

    assert response.status_code == 403
    member.refresh_from_db()
    assert member.is_active


def test_moderator_cannot_delete_members_from_the_list(client, moderator, member):
    sign_in(client, moderator)

    response = client.post(
        MEMBER_LIST_URL,
        {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"},
    )

    assert response.status_code in (200, 302)
    member.refresh_from_db()
    assert member.is_active


def test_staff_accounts_are_not_in_member_standing(client, moderator, member):
    ModeratorFactory(username="moderator_max")
    sign_in(client, moderator)

    response = client.get(MEMBER_LIST_URL)

    assertNotContains(response, "moderator_max")


def test_moderator_cannot_open_a_staff_account_in_member_standing(client, moderator):
    colleague = ModeratorFactory(username="moderator_max")
    sign_in(client, moderator)

    response = client.post(
        MEMBER_LIST_URL,
        {"action": "review_always_selected", "_selected_action": [colleague.pk], "index": "0"},
    )
    page = client.get(member_url(colleague))

    assert response.status_code == 302
    assert page.status_code == 302
    assert page.url == reverse("admin:index")
    colleague.refresh_from_db()
    assert colleague.review_policy == "standard"


def test_a_moderator_may_change_a_members_standing_but_not_see_full_accounts(
    moderator_client, member
):
    assert moderator_client.get("/admin/accounts/member/").status_code == 200
    assert moderator_client.get("/admin/accounts/user/").status_code == 403
    response = moderator_client.get(f"/admin/accounts/member/{member.pk}/change/")
    assertNotContains(response, member.email)


# Their posts and flags.


def test_the_members_page_counts_approved_and_rejected_posts(moderator_client, target_member):
    make_question(author=target_member, slug="one")
    make_question(author=target_member, slug="two", state=Post.State.REJECTED)
    make_question(author=target_member, slug="three", state=Post.State.REJECTED)

    response = moderator_client.get(member_url(target_member))

    assertContains(response, "1 approved · 2 rejected")


def test_the_members_page_links_to_all_their_posts(moderator_client, target_member, member):
    topic = make_question(author=member, title="Someone else's question")
    make_reply(topic=topic, author=target_member, body="A reply by the member we look at.")
    page = moderator_client.get(member_url(target_member))
    posts_url = reverse("admin:forum_post_changelist") + f"?author__id__exact={target_member.pk}"

    response = moderator_client.get(posts_url)

    assertContains(page, posts_url.replace("&", "&amp;"))
    assertContains(response, "A reply by the member we look at.")
    assertNotContains(response, "I was diagnosed last month")


def test_the_members_page_links_to_the_flags_they_raised(moderator_client, target_member, member):
    topic = make_question(author=member, body="Stop your treatment, it is poison.")
    Flag.objects.create(post=topic.opening_post, flagger=target_member, reason="misinformation")
    page = moderator_client.get(member_url(target_member))
    flags_url = reverse("admin:forum_flag_changelist") + f"?flagger__id__exact={target_member.pk}"

    response = moderator_client.get(flags_url)

    assertContains(page, "1 flag raised")
    assertContains(page, flags_url)
    assert [flag.flagger for flag in response.context["cl"].result_list] == [target_member]


def test_the_members_page_counts_the_flags_on_their_posts(moderator_client, target_member, member):
    topic = make_question(author=target_member, body="Stop your treatment, it is poison.")
    Flag.objects.create(post=topic.opening_post, flagger=member, reason="misinformation")

    response = moderator_client.get(member_url(target_member))

    assertContains(response, "1 flag on their posts · 1 still open")


def test_the_members_page_links_to_the_flags_on_their_posts(
    moderator_client, target_member, member
):
    topic = make_question(author=target_member, body="Stop your treatment, it is poison.")
    Flag.objects.create(post=topic.opening_post, flagger=member, reason="misinformation")
    make_question(author=member, body="Another question, flagged by the member we look at.")
    page = moderator_client.get(member_url(target_member))
    flags_url = (
        reverse("admin:forum_flag_changelist") + f"?post__author__id__exact={target_member.pk}"
    )

    response = moderator_client.get(flags_url)

    assertContains(page, flags_url)
    assert [flag.post.author for flag in response.context["cl"].result_list] == [target_member]


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
    moderator_client, target_member, field, value
):
    before = User.objects.filter(pk=target_member.pk).values().get()

    data = page_form(moderator_client, target_member, **{field: value})

    response = moderator_client.post(member_url(target_member), data)

    assert response.status_code == 302
    assert User.objects.filter(pk=target_member.pk).values().get() == before


def test_posting_groups_and_permissions_on_a_members_page_changes_nothing(
    moderator_client, target_member
):
    moderators = Group.objects.get(name="Moderators")
    permission = Permission.objects.get(codename="moderate_post")

    data = page_form(
        moderator_client, target_member, groups=[moderators.pk], user_permissions=[permission.pk]
    )

    response = moderator_client.post(member_url(target_member), data)

    assert response.status_code == 302
    assert not target_member.groups.exists()
    assert not target_member.user_permissions.exists()
    target_member.refresh_from_db()
    assert not target_member.is_moderator()


def test_the_members_page_offers_the_standing_actions(moderator_client, target_member):
    response = moderator_client.get(member_url(target_member))

    for value, label in [
        ("suspend_selected", "Suspend…"),
        ("lift_suspension_selected", "Lift suspension"),
        ("review_always_selected", "Always review"),
        ("review_standard_selected", "Review until trusted"),
    ]:
        assertContains(response, f'<option value="{value}">{label}</option>', html=True)
    assertNotContains(response, "delete_selected")
