"""
Posts and flags in the admin: flagged posts wait in the moderation queue, moderators
look posts and flags up and read the earlier versions of edited posts.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import Flag, Post, PostRevision
from forum.tests.factories import make_reply
from moderation import posts as moderation_posts

from .helpers import days_ago, flag, state_of

pytestmark = pytest.mark.usefixtures("three_flags_hide")

QUEUE = "/admin/forum/pendingpost/"
FLAGS = "/admin/forum/flag/"
NOT_MODERATORS = ["anonymous", "member", "other_member", "suspended_member", "staff_member"]


def decide_url(post):
    return f"{QUEUE}{post.pk}/change/"


# Deciding on flagged posts happens in the moderation queue (test_admin_queue*.py).


def test_flagged_posts_are_in_the_moderation_queue(moderator_client, flagged_reply, hidden_reply):
    response = moderator_client.get(QUEUE)

    assert set(response.context["cl"].result_list) == {flagged_reply, hidden_reply}
    assertContains(response, "Buy my cure at example.com")
    assertContains(response, "Hidden after flags")


def test_hidden_posts_can_be_found_among_all_posts(moderator_client, hidden_reply):
    response = moderator_client.get("/admin/forum/post/?state__exact=hidden")

    assert list(response.context["cl"].result_list) == [hidden_reply]


# Looking posts and flags up.


def test_all_posts_can_be_looked_up_in_every_state(moderator_client, question):
    make_reply(topic=question, state=Post.State.PENDING)
    make_reply(topic=question, state=Post.State.REJECTED)

    response = moderator_client.get("/admin/forum/post/")

    assert sorted(post.state for post in response.context["cl"].result_list) == [
        "approved",
        "pending",
        "rejected",
    ]


def test_every_flag_can_be_looked_up(moderator_client, moderator, flagged_reply, hidden_reply):
    moderation_posts.dismiss_flags(post=flagged_reply, moderator=moderator)

    response = moderator_client.get(FLAGS)

    assert len(response.context["cl"].result_list) == 4


def test_flags_can_be_filtered_by_open_or_resolved(
    moderator_client, moderator, flagged_reply, hidden_reply
):
    moderation_posts.dismiss_flags(post=flagged_reply, moderator=moderator)

    open_ = moderator_client.get(f"{FLAGS}?status=open").context["cl"].result_list
    resolved = moderator_client.get(f"{FLAGS}?status=resolved").context["cl"].result_list

    assert {f.post for f in open_} == {hidden_reply}
    assert [f.post for f in resolved] == [flagged_reply]


def test_flags_can_be_filtered_by_reason(moderator_client, question):
    post = make_reply(topic=question)
    flag(post, reason="abuse")
    flag(post, reason="personal_info")

    response = moderator_client.get(f"{FLAGS}?reason__exact=abuse")

    assert [f.reason for f in response.context["cl"].result_list] == ["abuse"]


def test_a_flag_opens_read_only(moderator_client, flagged_reply):
    response = moderator_client.get(f"{FLAGS}{Flag.objects.get().pk}/change/")

    assertContains(response, "Buy my cure at example.com")
    assertNotContains(response, 'name="reason"')
    assertNotContains(response, 'type="submit" value="Save"')


# Earlier versions of edited posts.


@pytest.fixture
def edited_reply(question, member, moderator):
    reply = make_reply(topic=question, author=member, state=Post.State.PENDING, body="Third text")
    PostRevision.objects.create(
        post=reply, body="First text", edited_by=member, created_at=days_ago(2)
    )
    PostRevision.objects.create(
        post=reply, body="Second text", edited_by=moderator, created_at=days_ago(1)
    )
    return reply


def test_earlier_versions_are_shown_newest_first_with_who_and_when(moderator_client, edited_reply):
    response = moderator_client.get(f"/admin/forum/post/{edited_reply.pk}/change/")

    content = response.content.decode()
    assert "Earlier versions" in content
    assert content.index("Second text") < content.index("First text")
    assert "moderator_mo" in content
    assert "patient_pat" in content
    assertNotContains(response, 'name="revisions-0-body"')


def test_earlier_versions_are_shown_on_the_review_page(moderator_client, edited_reply):
    response = moderator_client.get(decide_url(edited_reply))

    assertContains(response, "First text")
    assertContains(response, "Second text")


def test_a_post_with_earlier_versions_is_still_approved_with_the_review_form(
    moderator_client, edited_reply
):
    response = moderator_client.post(decide_url(edited_reply), {"decision": "approve"})

    assertRedirects(response, QUEUE)
    assert state_of(edited_reply) == Post.State.APPROVED
    assert PostRevision.objects.filter(post=edited_reply).count() == 2


def test_earlier_versions_are_shown_on_the_flagged_post_page(moderator_client, question, member):
    reply = make_reply(topic=question, author=member, body="Now harmless")
    PostRevision.objects.create(post=reply, body="Originally rude", edited_by=member)
    flag(reply, reason="abuse")

    response = moderator_client.get(decide_url(reply))

    assertContains(response, "Originally rude")


# Who may do what.


def admin_login_url(next_url):
    return f"/admin/login/?{urlencode({'next': next_url}, safe='/')}"


@pytest.mark.parametrize("role", [*NOT_MODERATORS, "moderator"])
@pytest.mark.parametrize("page", ["queue", "decide", "flags", "flag", "revisions"])
def test_who_may_open_the_flag_pages(sign_in, hidden_reply, role, page):
    url = {
        "queue": QUEUE,
        "decide": decide_url(hidden_reply),
        "flags": FLAGS,
        "flag": f"{FLAGS}{Flag.objects.first().pk}/change/",
        "revisions": f"/admin/forum/post/{hidden_reply.pk}/change/",
    }[page]

    response = sign_in(role).get(url)

    if role == "moderator":
        assert response.status_code == 200
    elif role == "staff_member":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response.url == admin_login_url(url)


@pytest.mark.parametrize(
    "url",
    [
        f"{FLAGS}add/",
        "{flags}{flag}/delete/",
    ],
)
def test_a_moderator_cannot_add_or_delete_flags(moderator_client, hidden_reply, url):
    url = url.format(flags=FLAGS, flag=Flag.objects.first().pk)

    assert moderator_client.get(url).status_code == 403
    assert moderator_client.post(url, {"post": "yes"}).status_code == 403
    assert Flag.objects.count() == 3


def test_a_moderator_cannot_change_a_flag(moderator_client, flagged_reply):
    flag_ = Flag.objects.get()

    moderator_client.post(f"{FLAGS}{flag_.pk}/change/", {"reason": "abuse", "detail": "Changed"})

    flag_.refresh_from_db()
    assert (flag_.reason, flag_.detail) == ("spam", "")


def test_a_moderator_cannot_delete_flags_in_bulk(moderator_client, flagged_reply):
    response = moderator_client.post(
        FLAGS, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [Flag.objects.get().pk]}
    )

    assert response.status_code in (200, 302)
    assert Flag.objects.count() == 1
