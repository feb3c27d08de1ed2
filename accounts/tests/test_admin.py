"""Who reaches which accounts in the admin: moderators see member standing (never
e-mail addresses), only administrators see full accounts."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests.factories import MemberFactory, ModeratorFactory
from accounts.tests.staff import refused, sign_in

MEMBER_LIST_URL = reverse("admin:accounts_member_changelist")
USER_LIST_URL = reverse("admin:accounts_user_changelist")
ADMIN_LOGIN_URL = reverse("admin:login")
NOT_MODERATORS = [None, "member", "other_member", "suspended_member", "staff_without_moderation"]


@pytest.fixture
def staff_without_moderation(db):
    user = MemberFactory(username="staff_stan", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_member"),
        Permission.objects.get(codename="change_member"),
    )
    return user


@pytest.fixture
def administrator(db):
    return MemberFactory(username="admin_ada", is_staff=True, is_superuser=True)


def member_url(user, action="change"):
    return reverse(f"admin:accounts_member_{action}", args=[user.pk])


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


@pytest.mark.parametrize("viewer", ["moderator", "staff_without_moderation"])
def test_only_administrators_reach_the_full_user_admin(client, request, viewer):
    sign_in(client, request.getfixturevalue(viewer))

    response = client.get(USER_LIST_URL)

    assert response.status_code == 403


def test_an_administrator_reaches_the_full_user_admin(client, administrator, member):
    sign_in(client, administrator)

    response = client.get(USER_LIST_URL)

    assertContains(response, "patient_pat@example.org")


def test_an_administrator_sees_standing_read_only_as_it_changes_through_moderation(
    client, administrator, member
):
    sign_in(client, administrator)

    response = client.get(reverse("admin:accounts_user_change", args=[member.pk]))

    form_fields = response.context["adminform"].form.fields
    assert "email" in form_fields
    assert not {"review_policy", "is_suspended", "suspended_until", "professional_until"} & set(
        form_fields
    )


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
