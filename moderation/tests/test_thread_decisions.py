"""
Moderators in the forum itself: the queue's size in the site header, and Approve or
Reject on a pending post seen in its thread.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import Post
from forum.tests.factories import make_reply

from .helpers import fresh, messages_of

pytestmark = pytest.mark.usefixtures("three_flags_hide")

ROLES = ["anonymous", "member", "other_member", "suspended_member", "staff_member"]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pending(question, member):
    return make_reply(
        topic=question, author=member, state=Post.State.PENDING, body="Pending words here."
    )


def approve_url(post):
    return reverse("moderation:post-approve", args=[post.pk])


def reject_url(post):
    return reverse("moderation:post-reject", args=[post.pk])


# The header.


def test_moderators_see_how_many_posts_wait_in_the_header(moderator_client, pending):
    response = moderator_client.get("/")

    assertContains(response, 'aria-label="Moderation, 1 waiting"')
    assertContains(response, '<span class="moderation-link__count">1</span>')


def test_the_header_count_is_read_from_the_cache_once_counted(moderator_client, pending):
    moderator_client.get("/")
    make_reply(topic=pending.topic, state=Post.State.PENDING)

    response = moderator_client.get("/")

    # Still the count of a minute ago: the header does not count the queue on every page.
    assertContains(response, '<span class="moderation-link__count">1</span>')


@pytest.mark.parametrize("role", ["member", "other_member", "suspended_member"])
def test_members_see_no_queue_count_and_cost_no_query_for_it(sign_in, role, pending):
    client = sign_in(role)
    with CaptureQueriesContext(connection) as counted:
        response = client.get("/")
    assertNotContains(response, "moderation-link__count")
    assert not any("forum_flag" in q["sql"] for q in counted.captured_queries)


# In the thread.


def test_a_moderator_sees_approve_and_reject_on_a_pending_post(moderator_client, pending):
    response = moderator_client.get(pending.topic.get_absolute_url())

    assertContains(response, f'action="{approve_url(pending)}"')
    assertContains(response, f'href="{reject_url(pending)}"')


def test_the_author_sees_no_moderators_buttons_on_their_pending_post(sign_in, pending):
    response = sign_in("member").get(pending.topic.get_absolute_url())

    assertContains(response, "Pending words here.")
    assertNotContains(response, approve_url(pending))


def test_a_moderator_approves_in_the_thread(moderator_client, moderator, pending):
    response = moderator_client.post(approve_url(pending))

    assertRedirects(response, pending.get_absolute_url(), fetch_redirect_response=False)
    assert messages_of(response) == ["Approved and published."]
    assert fresh(pending).state == Post.State.APPROVED
    assert fresh(pending).reviewed_by == moderator


def test_approving_in_the_thread_needs_a_post(moderator_client, pending):
    assert moderator_client.get(approve_url(pending)).status_code == 405
    assert fresh(pending).state == Post.State.PENDING


def test_a_post_no_longer_pending_cannot_be_approved_again(moderator_client, question):
    published = make_reply(topic=question)

    assert moderator_client.post(approve_url(published)).status_code == 404


def test_a_moderator_rejects_in_the_thread_with_a_note(
    moderator_client, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(reject_url(pending), {"reason": "Off topic here."})

    assertRedirects(response, pending.topic.get_absolute_url(), fetch_redirect_response=False)
    post = fresh(pending)
    assert (post.state, post.rejection_reason) == (Post.State.REJECTED, "Off topic here.")
    assert len(mailoutbox) == 1


def test_a_rejection_without_a_reason_asks_again(moderator_client, pending):
    response = moderator_client.post(reject_url(pending), {"reason": "   ", "canned_reason": ""})

    assert response.status_code == 200
    assertContains(response, "<title>Error: Reject a post")
    assertContains(response, "Choose a canned reason or write a note")
    assert fresh(pending).state == Post.State.PENDING


@pytest.mark.parametrize("canned", ["999999", "not-a-number"])
def test_an_unknown_canned_reason_is_refused_and_the_note_kept(moderator_client, pending, canned):
    response = moderator_client.post(
        reject_url(pending), {"reason": "My typed note", "canned_reason": canned}
    )

    assert response.status_code == 200
    assertContains(response, "Choose one of the reasons offered.")
    assertContains(response, "My typed note")
    assert fresh(pending).state == Post.State.PENDING


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_approve_in_the_thread(sign_in, role, pending):
    response = sign_in(role).post(approve_url(pending))

    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response.url
    else:
        assert response.status_code == 403
    assert fresh(pending).state == Post.State.PENDING


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_reject_in_the_thread(sign_in, role, pending):
    response = sign_in(role).post(reject_url(pending), {"reason": "No."})

    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response.url
    else:
        assert response.status_code == 403
    assert fresh(pending).state == Post.State.PENDING


def test_a_moderator_without_an_authenticator_app_may_not(client, moderator, pending):
    client.force_login(moderator)

    assert client.post(approve_url(pending)).status_code == 403
    assert fresh(pending).state == Post.State.PENDING


def test_the_thread_form_needs_the_csrf_token(moderator, totp_moderator, pending):
    from django.test import Client

    from accounts.tests import staff

    client = staff.sign_in_with_second_factor(Client(enforce_csrf_checks=True), totp_moderator)

    assert client.post(approve_url(pending)).status_code == 403
    assert fresh(pending).state == Post.State.PENDING
