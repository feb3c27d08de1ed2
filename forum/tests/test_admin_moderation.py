import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.services import MODERATORS_GROUP
from accounts.tests.staff import sign_in as staff_sign_in
from forum.models import Post
from forum.tests.factories import make_reply

QUEUE = "/admin/forum/pendingpost/"


@pytest.fixture
def moderator_client(client, moderator):
    return staff_sign_in(client, moderator)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def review_url(post):
    return f"{QUEUE}{post.pk}/change/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def state_of(post):
    return Post.objects.get(pk=post.pk).state


# The queue itself is tested in test_queue.py; here, what it leaves behind.


def test_a_decision_in_the_queue_leaves_the_post_out_of_it(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.post(review_url(post), {"decision": "approve"})

    assertRedirects(response, QUEUE)
    assert messages_of(response) == ["Approved and published."]
    assert list(moderator_client.get(QUEUE).context["cl"].result_list) == []
    assert moderator_client.get(review_url(post)).status_code == 302


def test_the_queue_shows_a_pending_post_with_its_review_page(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING, body="I take **two** tablets.")

    response = moderator_client.get(review_url(post))

    assertContains(
        response,
        '<div class="askwell-post-preview"><p>I take <strong>two</strong> tablets.</p></div>',
        html=True,
    )
    assertContains(response, 'value="approve"')
    assertContains(response, 'value="reject"')
    assert state_of(post) == Post.State.PENDING


# Lookup pages.


def test_all_posts_can_be_looked_up_in_every_state(moderator_client, question):
    make_reply(topic=question, state=Post.State.PENDING)
    make_reply(topic=question, state=Post.State.REJECTED)

    response = moderator_client.get("/admin/forum/post/")

    assert sorted(post.state for post in response.context["cl"].result_list) == [
        "approved",
        "pending",
        "rejected",
    ]


def test_the_moderation_log_records_who_decided_what(moderator_client, moderator, question):
    post = make_reply(topic=question, state=Post.State.PENDING)
    moderator_client.post(review_url(post), {"decision": "approve"})

    response = moderator_client.get("/admin/forum/moderationevent/")

    [event] = response.context["cl"].result_list
    assert (event.post, event.moderator, event.action) == (post, moderator, "approve")
    assertContains(response, "moderator_mo")


# Who moderators are.


def test_the_moderators_group_has_exactly_the_permissions_moderating_needs(db):
    group = Group.objects.get(name=MODERATORS_GROUP)

    permissions = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    assert permissions == {
        "forum.moderate_post",
        "forum.view_topic",
        "accounts.view_member",
        "accounts.change_member",
    }


def test_a_moderator_is_staff_but_not_a_superuser(moderator):
    assert moderator.is_staff
    assert not moderator.is_superuser
    assert moderator.is_moderator()


def test_a_moderator_may_change_a_members_standing_but_not_see_full_accounts(
    moderator_client, member
):
    assert moderator_client.get("/admin/accounts/member/").status_code == 200
    assert moderator_client.get("/admin/accounts/user/").status_code == 403
    response = moderator_client.get(f"/admin/accounts/member/{member.pk}/change/")
    assertNotContains(response, member.email)
