"""
Who may change what in the moderation console: every admin page that writes, against
every kind of visitor.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from accounts.tests.staff import sign_in as staff_sign_in
from forum.models import ModerationEvent, Post, Topic
from forum.tests.factories import make_question, make_reply

ROLES = ["anonymous", "member", "other_member", "suspended_member", "moderator"]

QUEUE = "/admin/forum/pendingpost/"
POSTS = "/admin/forum/post/"
LOG = "/admin/forum/moderationevent/"


@pytest.fixture
def waiting(db):
    """A reply waiting in the moderation queue, by a member not otherwise involved."""
    return make_reply(topic=make_question(), state=Post.State.PENDING, body="A pending reply.")


def admin_login_url(next_url):
    return f"/admin/login/?{urlencode({'next': next_url}, safe='/')}"


def is_unchanged(post):
    return Post.objects.get(pk=post.pk).state == Post.State.PENDING and not (
        ModerationEvent.objects.exists()
    )


# The moderation queue.


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_moderation_queue(client, sign_in, waiting, role):
    sign_in(role)

    response = client.get(QUEUE)

    if role == "moderator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url == admin_login_url(QUEUE)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_a_post_for_review(client, sign_in, waiting, role):
    sign_in(role)
    url = f"{QUEUE}{waiting.pk}/change/"

    response = client.get(url)

    if role == "moderator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url == admin_login_url(url)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_approve_a_post_through_the_review_form(client, sign_in, waiting, role):
    sign_in(role)

    response = client.post(f"{QUEUE}{waiting.pk}/change/", {"decision": "approve", "reason": ""})

    assert response.status_code == 302
    if role == "moderator":
        assert Post.objects.get(pk=waiting.pk).state == Post.State.APPROVED
    else:
        assert response.url.startswith("/admin/login/")
        assert is_unchanged(waiting)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_reject_a_post_through_the_review_form(
    client, sign_in, waiting, role, mailoutbox, django_capture_on_commit_callbacks
):
    sign_in(role)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{QUEUE}{waiting.pk}/change/", {"decision": "reject", "reason": "Off topic."}
        )

    assert response.status_code == 302
    if role == "moderator":
        assert Post.objects.get(pk=waiting.pk).state == Post.State.REJECTED
        assert len(mailoutbox) == 1
    else:
        assert response.url.startswith("/admin/login/")
        assert is_unchanged(waiting)
        assert mailoutbox == []


@pytest.mark.parametrize("role", ROLES)
def test_who_may_approve_posts_with_the_bulk_action(client, sign_in, waiting, role):
    sign_in(role)

    response = client.post(
        QUEUE, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [waiting.pk]}
    )

    assert response.status_code == 302
    if role == "moderator":
        assert Post.objects.get(pk=waiting.pk).state == Post.State.APPROVED
    else:
        assert response.url.startswith("/admin/login/")
        assert is_unchanged(waiting)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_reject_posts_with_the_bulk_action(
    client, sign_in, waiting, role, mailoutbox, django_capture_on_commit_callbacks
):
    sign_in(role)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            QUEUE,
            {
                "action": "reject_selected",
                ACTION_CHECKBOX_NAME: [waiting.pk],
                "apply": "1",
                "reason": "Off topic.",
            },
        )

    assert response.status_code == 302
    if role == "moderator":
        assert Post.objects.get(pk=waiting.pk).state == Post.State.REJECTED
        assert len(mailoutbox) == 1
    else:
        assert response.url.startswith("/admin/login/")
        assert is_unchanged(waiting)
        assert mailoutbox == []


# Looking things up: all posts and the moderation log, read-only.


@pytest.mark.parametrize("page", [POSTS, LOG, "/admin/forum/topic/"])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_look_up_posts_questions_and_the_moderation_log(
    client, sign_in, waiting, moderator, page, role
):
    ModerationEvent.objects.create(post=waiting, moderator=moderator, action="approve")
    sign_in(role)

    response = client.get(page)

    if role == "moderator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url == admin_login_url(page)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_a_single_post_to_look_it_up(client, sign_in, waiting, role):
    sign_in(role)

    response = client.get(f"{POSTS}{waiting.pk}/change/")

    assert response.status_code == (200 if role == "moderator" else 302)


def test_a_moderator_cannot_change_a_post_directly(client, moderator, waiting):
    staff_sign_in(client, moderator)

    response = client.post(f"{POSTS}{waiting.pk}/change/", {"state": "approved"})

    assert response.status_code == 403
    assert is_unchanged(waiting)


@pytest.mark.parametrize(
    "url", [f"{POSTS}{{pk}}/delete/", f"{QUEUE}{{pk}}/delete/", f"{POSTS}add/", f"{QUEUE}add/"]
)
def test_a_moderator_cannot_add_or_delete_posts(client, moderator, waiting, url):
    staff_sign_in(client, moderator)

    response = client.post(url.format(pk=waiting.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Post.objects.filter(pk=waiting.pk).exists()


def test_a_moderator_cannot_rewrite_the_moderation_log(client, moderator, waiting):
    event = ModerationEvent.objects.create(post=waiting, moderator=moderator, action="approve")
    staff_sign_in(client, moderator)

    response = client.post(f"{LOG}{event.pk}/change/", {"action": "reject", "reason": "x"})

    assert response.status_code == 403
    assert ModerationEvent.objects.get(pk=event.pk).action == "approve"


def test_a_moderator_may_look_at_questions_but_not_change_them(client, moderator, question):
    staff_sign_in(client, moderator)
    url = f"/admin/forum/topic/{question.pk}/change/"

    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Renamed by a moderator", "category": 1})
    assert response.status_code == 403
    assert Topic.objects.get(pk=question.pk).title == question.title


def test_a_moderator_cannot_edit_categories(client, moderator):
    staff_sign_in(client, moderator)

    assert client.get("/admin/forum/category/").status_code == 403


# Staff who are not moderators.


@pytest.mark.parametrize(
    "url", [QUEUE, "{queue}{pk}/change/", POSTS, LOG], ids=["queue", "review", "posts", "log"]
)
def test_staff_without_the_moderation_permission_are_kept_out(client, staff_member, waiting, url):
    staff_sign_in(client, staff_member)

    response = client.get(url.format(queue=QUEUE, pk=waiting.pk))

    assert response.status_code == 403


def test_staff_without_the_moderation_permission_cannot_approve(client, staff_member, waiting):
    staff_sign_in(client, staff_member)

    response = client.post(
        QUEUE, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [waiting.pk]}
    )

    assert response.status_code == 403
    assert is_unchanged(waiting)


def test_the_moderation_section_is_not_offered_to_staff_who_are_not_moderators(
    client, staff_member
):
    staff_sign_in(client, staff_member)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Moderation queue" not in response.content.decode()
