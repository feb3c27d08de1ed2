import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.services import MODERATORS_GROUP
from accounts.tests.factories import MemberFactory
from forum.models import ModerationEvent, Post
from forum.tests.factories import make_question, make_reply

QUEUE = "/admin/forum/pendingpost/"


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def review_url(post):
    return f"{QUEUE}{post.pk}/change/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def state_of(post):
    return Post.objects.get(pk=post.pk).state


# The queue.


def test_the_queue_lists_only_pending_posts_oldest_first(moderator_client, question):
    newer = make_reply(topic=question, state=Post.State.PENDING, when=days_ago(1))
    older = make_question(
        title="An older pending question", state=Post.State.PENDING, when=days_ago(3)
    )
    make_reply(topic=question, state=Post.State.APPROVED, when=days_ago(4))
    make_reply(topic=question, state=Post.State.REJECTED, when=days_ago(5))

    response = moderator_client.get(QUEUE)

    assert list(response.context["cl"].result_list) == [older.opening_post, newer]


def test_the_queue_shows_the_question_and_whether_the_post_opens_it(moderator_client, question):
    make_reply(topic=question, state=Post.State.PENDING, when=days_ago(1))
    make_question(title="An older pending question", state=Post.State.PENDING, when=days_ago(2))

    response = moderator_client.get(QUEUE)

    assertContains(response, f'<a href="{question.get_absolute_url()}">{question.title}</a>')
    assertContains(response, "An older pending question</a>")
    assertContains(response, "New question", count=1)
    assertContains(response, '<td class="field-kind">Reply</td>', count=1)


def test_the_queue_shows_each_authors_standing(moderator_client, question, always_review_member):
    newcomer = MemberFactory(username="newcomer_nia")
    make_question(author=newcomer)
    make_question(author=newcomer, state=Post.State.REJECTED)
    make_reply(topic=question, author=newcomer, state=Post.State.PENDING)
    make_reply(topic=question, author=always_review_member, state=Post.State.PENDING)

    response = moderator_client.get(QUEUE)

    assertContains(
        response,
        f"1 approved post · Review until trusted · joined {newcomer.date_joined.date():%Y-%m-%d}",
    )
    assertContains(
        response,
        "0 approved posts · Always review · "
        f"joined {always_review_member.date_joined.date():%Y-%m-%d}",
    )


def test_the_queue_says_when_an_author_is_suspended(moderator_client, question, suspended_member):
    make_reply(topic=question, author=suspended_member, state=Post.State.PENDING)

    response = moderator_client.get(QUEUE)

    assertContains(response, "· suspended")


def test_the_queue_is_empty_when_nothing_waits(moderator_client, question):
    response = moderator_client.get(QUEUE)

    assert list(response.context["cl"].result_list) == []


# Deciding on one post: the review form.


def test_the_review_page_shows_the_post_and_the_decision_form(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING, body="I take **two** tablets.")

    response = moderator_client.get(review_url(post))

    assertContains(
        response,
        '<div class="askwell-post-preview"><p>I take <strong>two</strong> tablets.</p></div>',
        html=True,
    )
    assertContains(response, 'name="decision"', count=2)
    assertContains(response, 'name="reason"')
    assertContains(response, question.title)


def test_a_moderator_approves_a_post_with_the_review_form(moderator_client, moderator, question):
    post = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.post(review_url(post), {"decision": "approve", "reason": ""})

    assertRedirects(response, QUEUE)
    assert state_of(post) == Post.State.APPROVED
    assert messages_of(response) == ["Approved and published."]
    assert ModerationEvent.objects.get().moderator == moderator
    question.refresh_from_db()
    assert question.reply_count == 1


def test_a_moderator_rejects_a_post_with_a_reason(
    moderator_client, question, member, mailoutbox, django_capture_on_commit_callbacks
):
    post = make_reply(topic=question, author=member, state=Post.State.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            review_url(post), {"decision": "reject", "reason": "Please no product links."}
        )

    assertRedirects(response, QUEUE)
    post.refresh_from_db()
    assert (post.state, post.rejection_reason) == (Post.State.REJECTED, "Please no product links.")
    assert messages_of(response) == ["Rejected. The author has been told why by e-mail."]
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert "Please no product links." in mail.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_without_a_reason_shows_an_error_and_changes_nothing(
    moderator_client, question, reason, mailoutbox, django_capture_on_commit_callbacks
):
    post = make_reply(topic=question, state=Post.State.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(review_url(post), {"decision": "reject", "reason": reason})

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("reason", "reason_required")
    assertContains(response, "Give the author a reason; it is sent to them by e-mail.")
    assert state_of(post) == Post.State.PENDING
    assert not ModerationEvent.objects.exists()
    assert mailoutbox == []


def test_the_review_form_needs_a_decision(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.post(review_url(post), {"reason": ""})

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("decision", "required")
    assert state_of(post) == Post.State.PENDING


def test_a_decided_post_leaves_the_queue(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING)
    moderator_client.post(review_url(post), {"decision": "approve", "reason": ""})

    response = moderator_client.get(QUEUE)

    assert list(response.context["cl"].result_list) == []
    assert moderator_client.get(review_url(post)).status_code == 302


# Deciding on many posts: the actions.


def test_a_moderator_approves_several_posts_at_once(moderator_client, question):
    first = make_reply(topic=question, state=Post.State.PENDING)
    second = make_reply(topic=question, state=Post.State.PENDING)
    untouched = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.post(
        QUEUE, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}
    )

    assertRedirects(response, QUEUE)
    assert [state_of(p) for p in (first, second, untouched)] == ["approved", "approved", "pending"]
    assert messages_of(response) == ["2 posts approved."]
    assert ModerationEvent.objects.filter(action="approve").count() == 2
    question.refresh_from_db()
    assert question.reply_count == 2


def test_rejecting_several_posts_first_asks_for_one_reason(moderator_client, question):
    first = make_reply(topic=question, state=Post.State.PENDING)
    second = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.post(
        QUEUE, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/forum/pendingpost/reject_selected.html"
    assertContains(
        response, "You are rejecting 2 posts. Each author receives your reason by e-mail."
    )
    assert not response.context["form"].is_bound
    assert [state_of(p) for p in (first, second)] == ["pending", "pending"]


def test_a_moderator_rejects_several_posts_with_one_reason_and_each_author_is_told(
    moderator_client, question, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_reply(topic=question, author=member, state=Post.State.PENDING)
    second = make_reply(topic=question, author=other_member, state=Post.State.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            QUEUE,
            {
                "action": "reject_selected",
                ACTION_CHECKBOX_NAME: [first.pk, second.pk],
                "apply": "1",
                "reason": "Please keep to the question asked.",
            },
        )

    assertRedirects(response, QUEUE)
    assert messages_of(response) == ["2 posts rejected."]
    for post in (first, second):
        post.refresh_from_db()
        assert (post.state, post.rejection_reason) == (
            "rejected",
            "Please keep to the question asked.",
        )
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([member.email, other_member.email])
    assert all("Please keep to the question asked." in mail.body for mail in mailoutbox)
    assert ModerationEvent.objects.filter(action="reject").count() == 2


def test_rejecting_several_posts_without_a_reason_shows_the_error_and_changes_nothing(
    moderator_client, question, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_reply(topic=question, state=Post.State.PENDING)
    second = make_reply(topic=question, state=Post.State.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            QUEUE,
            {
                "action": "reject_selected",
                ACTION_CHECKBOX_NAME: [first.pk, second.pk],
                "apply": "1",
                "reason": "  ",
            },
        )

    assert response.status_code == 200
    assert response.context["form"].has_error("reason", "required")
    assertContains(response, "Give the authors a reason; it is sent by e-mail.")
    # The same posts stay selected for a second try.
    assertContains(response, f'name="{ACTION_CHECKBOX_NAME}" value="{first.pk}"')
    assertContains(response, f'name="{ACTION_CHECKBOX_NAME}" value="{second.pk}"')
    assert [state_of(p) for p in (first, second)] == ["pending", "pending"]
    assert not ModerationEvent.objects.exists()
    assert mailoutbox == []


def test_the_actions_leave_posts_that_are_no_longer_pending_alone(moderator_client, question):
    pending = make_reply(topic=question, state=Post.State.PENDING)
    rejected = make_reply(topic=question, state=Post.State.REJECTED)

    response = moderator_client.post(
        QUEUE, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [pending.pk, rejected.pk]}
    )

    assert messages_of(response) == ["1 post approved."]
    assert state_of(rejected) == Post.State.REJECTED


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
    moderator_client.post(review_url(post), {"decision": "approve", "reason": ""})

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
