import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests.factories import ModeratorFactory

MEMBER_LIST_URL = reverse("admin:accounts_member_changelist")
USER_LIST_URL = reverse("admin:accounts_user_changelist")
NOT_MODERATORS = [None, "member", "other_member", "suspended_member"]


def member_url(user, action="change"):
    return reverse(f"admin:accounts_member_{action}", args=[user.pk])


def sign_in(client, request, viewer):
    if viewer:
        client.force_login(request.getfixturevalue(viewer))


def standing(review_policy="standard", is_suspended=False):
    data = {"review_policy": review_policy, "_save": "Save"}
    if is_suspended:
        data["is_suspended"] = "on"
    return data


def refused(response):
    """The admin sends visitors without moderator rights to its sign-in page, or says 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    )


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_see_member_standing(client, request, member, viewer, allowed):
    sign_in(client, request, viewer)

    response = client.get(MEMBER_LIST_URL)

    if allowed:
        assertContains(response, "patient_pat")
    else:
        assert refused(response)


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_can_change_a_members_standing(client, request, member, viewer, allowed):
    sign_in(client, request, viewer)

    response = client.post(member_url(member), standing(review_policy="always"))

    member.refresh_from_db()
    if allowed:
        assert member.review_policy == "always"
    else:
        assert refused(response)
        assert member.review_policy == "standard"


def test_moderator_sets_a_member_to_always_review(client, moderator, member):
    client.force_login(moderator)

    response = client.post(member_url(member), standing(review_policy="always"))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.review_policy == member.ReviewPolicy.ALWAYS


def test_moderator_suspends_a_member(client, moderator, member):
    client.force_login(moderator)

    client.post(member_url(member), standing(is_suspended=True))

    member.refresh_from_db()
    assert member.is_suspended
    assert member.posting_restriction() == member.PostingRestriction.SUSPENDED


@pytest.mark.parametrize("page", ["list", "change"])
def test_member_standing_never_shows_email_addresses(client, moderator, member, page):
    client.force_login(moderator)

    response = client.get(MEMBER_LIST_URL if page == "list" else member_url(member))

    assertContains(response, "patient_pat")
    assertNotContains(response, "@example.org")


def test_searching_member_standing_by_email_address_finds_no_one(client, moderator, member):
    client.force_login(moderator)

    response = client.get(MEMBER_LIST_URL, {"q": "patient_pat@example.org"})

    assert list(response.context["cl"].result_list) == []


def test_moderator_cannot_reach_the_full_user_admin(client, moderator, member):
    client.force_login(moderator)

    response = client.get(USER_LIST_URL)

    assert response.status_code == 403


def test_moderator_cannot_add_members(client, moderator):
    client.force_login(moderator)

    response = client.get(reverse("admin:accounts_member_add"))

    assert response.status_code == 403


def test_moderator_cannot_delete_members(client, moderator, member):
    client.force_login(moderator)

    response = client.post(member_url(member, "delete"), {"post": "yes"})

    assert response.status_code == 403
    member.refresh_from_db()
    assert member.is_active


def test_staff_accounts_are_not_in_member_standing(client, moderator, member):
    ModeratorFactory(username="moderator_max")
    client.force_login(moderator)

    response = client.get(MEMBER_LIST_URL)

    assertNotContains(response, "moderator_max")


def test_moderator_cannot_open_a_staff_account_in_member_standing(client, moderator):
    colleague = ModeratorFactory(username="moderator_max")
    client.force_login(moderator)

    response = client.post(member_url(colleague), standing(is_suspended=True))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    colleague.refresh_from_db()
    assert not colleague.is_suspended
