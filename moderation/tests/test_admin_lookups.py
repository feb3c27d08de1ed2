"""Moderators filter the admin's lists only by what the pages offer: a filter on any
other field would let them read, one answer at a time, what the pages never show (a
member's e-mail address or password hash, with ?email__startswith=…)."""

import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import MemberFactory
from accounts.tests.staff import sign_in
from forum.tests.factories import make_question

MEMBERS = "/admin/accounts/member/"

# Every admin list a moderator works with, and a filter on a member's private data
# reached from its model.
LISTS_AND_PRIVATE_LOOKUPS = [
    (MEMBERS, "email__startswith"),
    (MEMBERS, "password__startswith"),
    (MEMBERS, "emailaddress__email__startswith"),
    ("/admin/forum/post/", "author__email__startswith"),
    ("/admin/forum/post/", "author__password__startswith"),
    ("/admin/forum/pendingpost/", "author__email__startswith"),
    ("/admin/forum/topic/", "opening_post__author__email__startswith"),
    ("/admin/forum/flag/", "flagger__email__startswith"),
    ("/admin/forum/flag/", "post__author__email__startswith"),
    ("/admin/forum/moderationevent/", "member__email__startswith"),
    ("/admin/forum/moderationevent/", "moderator__password__startswith"),
    ("/admin/accounts/professionalapplication/", "member__email__startswith"),
    ("/admin/accounts/professionalapplication/", "registration_number__startswith"),
    ("/admin/forum/rejectionreason/", "text__startswith"),
]


@pytest.fixture
def moderator_client(client, moderator):
    return sign_in(client, moderator)


@pytest.fixture
def target(db):
    member = MemberFactory(username="amelia_r", email="amelia@example.org")
    make_question(author=member)
    return member


def user_field_lookups():
    """A lookup on every field of the user model, related ones included."""
    lookups = []
    for field in get_user_model()._meta.get_fields():
        if field.is_relation:
            target = field.related_model._meta.pk.name
            lookups.append(f"{field.name}__{target}__gte")
        else:
            lookups.append(f"{field.name}__startswith")
    return lookups


@pytest.mark.parametrize("lookup", user_field_lookups())
def test_no_field_of_a_member_can_be_filtered_on_beyond_the_pages_filters(
    moderator_client, target, lookup
):
    response = moderator_client.get(MEMBERS, {"username": target.username, lookup: "a"})

    assert response.status_code == 400


@pytest.mark.parametrize(("page", "lookup"), LISTS_AND_PRIVATE_LOOKUPS)
def test_no_moderator_list_can_be_filtered_on_private_data(moderator_client, target, page, lookup):
    assert moderator_client.get(page, {lookup: "a"}).status_code == 400


@pytest.mark.parametrize(
    ("page", "params"),
    [
        (MEMBERS, {"review_policy__exact": "always"}),
        (MEMBERS, {"suspended": "yes", "professional": "lapsed"}),
        ("/admin/forum/post/", {"state__exact": "approved", "topic__category__id__exact": "1"}),
        ("/admin/forum/post/", {"author__id__exact": "1"}),
        ("/admin/forum/flag/", {"flagger__id__exact": "1", "post__author__id__exact": "1"}),
        ("/admin/forum/flag/", {"status": "open", "reason__exact": "spam"}),
        ("/admin/forum/topic/", {"category__id__exact": "1", "is_locked__exact": "1"}),
        ("/admin/forum/topic/", {"opening_post__state__exact": "hidden", "merged": "no"}),
        ("/admin/forum/moderationevent/", {"action__exact": "reject", "moderator__id__exact": "1"}),
        (
            "/admin/forum/moderationevent/",
            {
                "created_at__gte": "2026-01-01 00:00:00+00:00",
                "created_at__lt": "2027-01-01 00:00:00+00:00",
            },
        ),
        ("/admin/forum/pendingpost/", {"kind": "flagged"}),
        ("/admin/accounts/professionalapplication/", {"status__exact": "pending"}),
    ],
)
def test_the_filters_the_pages_offer_still_work(moderator_client, target, page, params):
    assert moderator_client.get(page, params).status_code == 200
