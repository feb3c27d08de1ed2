"""Full accounts in the admin: only administrators reach them, and there a member's
standing is read-only, as it changes through moderation. (Member standing, what
moderators see: moderation/tests/test_admin_members.py.)"""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.tests.staff import sign_in

USER_LIST_URL = reverse("admin:accounts_user_changelist")


@pytest.mark.parametrize("viewer", ["moderator", "staff_without_moderation"])
def test_only_administrators_reach_the_full_user_admin(client, request, viewer):
    sign_in(client, request.getfixturevalue(viewer))

    response = client.get(USER_LIST_URL)

    assert response.status_code == 403


def test_an_administrator_reaches_the_full_user_admin(client, superuser, member):
    sign_in(client, superuser)

    response = client.get(USER_LIST_URL)

    assertContains(response, "patient_pat@example.org")


def test_an_administrator_sees_standing_read_only_as_it_changes_through_moderation(
    client, superuser, member
):
    sign_in(client, superuser)

    response = client.get(reverse("admin:accounts_user_change", args=[member.pk]))

    form_fields = response.context["adminform"].form.fields
    assert "email" in form_fields
    assert not {"review_policy", "is_suspended", "suspended_until", "professional_until"} & set(
        form_fields
    )
