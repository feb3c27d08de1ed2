"""Who may open the moderation queue and decide in it: only moderators; staff without
the moderation permission are refused, everyone else is sent to sign in."""

import pytest
from pytest_django.asserts import assertRedirects

from forum.models import ModerationEvent, Post

from .helpers import act, decide, open_flag_count, queue_url, refused, review_url, state_of

pytestmark = pytest.mark.usefixtures("three_flags_hide")

ROLES = ["anonymous", "member", "suspended_member", "staff_member", "moderator"]
REASONS = "/admin/forum/rejectionreason/"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["queue", "review", "reasons", "reason", "add_reason"])
def test_who_may_open_the_queue_pages(sign_in, role, page, pending_reply, canned):
    url = {
        "queue": queue_url(),
        "review": review_url(pending_reply),
        "reasons": REASONS,
        "reason": f"{REASONS}{canned.pk}/change/",
        "add_reason": f"{REASONS}add/",
    }[page]

    response = sign_in(role).get(url)

    if role == "moderator":
        assert response.status_code == 200
    else:
        assert refused(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("fixture", "decision", "state"),
    [
        ("pending_reply", "approve", "approved"),
        ("pending_reply", "reject", "rejected"),
        ("flagged_reply", "hide", "hidden"),
        ("flagged_reply", "reject", "rejected"),
        ("hidden_reply", "restore", "approved"),
    ],
)
def test_who_may_decide_on_a_post(sign_in, request, role, fixture, decision, state):
    post = request.getfixturevalue(fixture)
    before = state_of(post)

    response = decide(sign_in(role), post, decision, reason="Not for this forum.")

    if role == "moderator":
        assertRedirects(response, queue_url())
        assert state_of(post) == state
    else:
        assert refused(response, role)
        assert state_of(post) == before
        assert not ModerationEvent.objects.exclude(moderator=None).exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_dismiss_flags(sign_in, role, flagged_reply):
    response = decide(sign_in(role), flagged_reply, "dismiss")

    assert (open_flag_count(flagged_reply) == 0) == (role == "moderator")
    if role != "moderator":
        assert refused(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "fixture", "changed"),
    [
        ("approve_selected", "pending_reply", "approved"),
        ("reject_selected", "pending_reply", "rejected"),
        ("hide_selected", "flagged_reply", "hidden"),
        ("restore_selected", "hidden_reply", "approved"),
        ("dismiss_selected", "flagged_reply", "approved"),
    ],
)
def test_who_may_use_the_bulk_actions(sign_in, request, role, action, fixture, changed):
    post = request.getfixturevalue(fixture)
    before = state_of(post)

    response = act(sign_in(role), action, [post], apply="1", reason="Not for this forum.")

    if role == "moderator":
        assertRedirects(response, queue_url())
        assert state_of(post) == changed
        assert ModerationEvent.objects.exclude(moderator=None).exists()
    else:
        assert refused(response, role)
        assert state_of(post) == before
        assert not ModerationEvent.objects.exclude(moderator=None).exists()


@pytest.mark.parametrize("url", ["{queue}add/", "{queue}{pk}/delete/"])
def test_a_moderator_cannot_add_or_delete_posts_through_the_queue(
    moderator_client, pending_reply, url
):
    url = url.format(queue=queue_url(), pk=pending_reply.pk)

    assert moderator_client.post(url, {"post": "yes"}).status_code == 403
    assert Post.objects.filter(pk=pending_reply.pk).exists()
