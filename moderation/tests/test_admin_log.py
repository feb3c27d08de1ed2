"""
The moderation log in the admin: who did what, on which post, question or member, why
and when, readable by moderators and never editable or deletable through the admin.
"""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains

from accounts.tests.factories import MemberFactory, ModeratorFactory
from accounts.tests.staff import give_totp, sign_in_with_second_factor
from forum import audit
from forum.models import ModerationEvent, Post
from forum.tests.factories import make_question, make_reply

from .helpers import review_url

LOG = "/admin/forum/moderationevent/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, superuser):
    return sign_in_with_second_factor(client, give_totp(superuser))


@pytest.fixture
def rejection(moderator):
    post = make_question(
        title="Miracle cure for muscle weakness", state=Post.State.PENDING
    ).opening_post
    return audit.record(
        moderator=moderator,
        action=ModerationEvent.Action.REJECT,
        post=post,
        reason="Selling medicines is not allowed.",
        details={"canned_reason": "advertising"},
    )


def rows(response):
    return list(response.context["cl"].result_list)


def test_the_log_shows_when_who_what_on_which_post_why_and_the_details(moderator_client, rejection):
    response = moderator_client.get(LOG)

    assert response.status_code == 200
    text = response.text
    assert "moderator_mo" in text
    assert "Rejected a post" in text
    assert "Selling medicines is not allowed." in text
    assert "canned_reason: advertising" in text
    assert f'href="/admin/forum/post/{rejection.post_id}/change/"' in text
    assert f'href="/admin/forum/topic/{rejection.topic_id}/change/"' in text
    assert f'href="/admin/accounts/member/{rejection.member_id}/change/"' in text


def test_the_moderation_log_records_who_decided_what(moderator_client, moderator, question):
    post = make_reply(topic=question, state=Post.State.PENDING)
    moderator_client.post(review_url(post), {"decision": "approve"})

    response = moderator_client.get(LOG)

    [event] = response.context["cl"].result_list
    assert (event.post, event.moderator, event.action) == (post, moderator, "approve")
    assertContains(response, "moderator_mo")


def test_a_post_hidden_by_members_flags_is_shown_as_askwells_doing(moderator_client):
    post = make_reply(topic=make_question(), state=Post.State.HIDDEN)
    audit.record(moderator=None, action=ModerationEvent.Action.HIDE, post=post)

    response = moderator_client.get(LOG)

    assert "Askwell, after members&#x27; flags" in response.text


def test_the_log_keeps_the_target_name_without_a_link_once_the_post_is_deleted(
    moderator_client, moderator
):
    reply = make_reply(topic=make_question(), body="Buy my supplements today.")
    event = audit.record(moderator=moderator, action=ModerationEvent.Action.HIDE, post=reply)
    post_page = f"/admin/forum/post/{reply.pk}/change/"
    reply.delete()

    response = moderator_client.get(LOG)

    assert event.target
    assert escape(event.target) in response.text
    assert post_page not in response.text
    assert f'href="/admin/forum/topic/{event.topic_id}/change/"' in response.text
    assert ModerationEvent.objects.filter(pk=event.pk).exists()


def test_the_log_filters_by_action(moderator_client, rejection, moderator):
    approved = audit.record(
        moderator=moderator,
        action=ModerationEvent.Action.APPROVE,
        post=make_question(title="Approved one").opening_post,
    )

    response = moderator_client.get(LOG, {"action__exact": "approve"})

    assert rows(response) == [approved]


def test_the_log_filters_by_moderator(moderator_client, rejection):
    other = ModeratorFactory(username="other_moderator")
    theirs = audit.record(
        moderator=other, action=ModerationEvent.Action.LOCK, topic=make_question(title="Locked")
    )

    response = moderator_client.get(LOG, {"moderator__id__exact": other.pk})

    assert rows(response) == [theirs]


def test_the_log_filters_by_date(moderator_client, rejection, moderator):
    audit.record(
        moderator=moderator,
        action=ModerationEvent.Action.APPROVE,
        post=make_question(title="Long ago").opening_post,
        when=timezone.now() - datetime.timedelta(days=40),
    )
    # As the filter's own "Past 7 days" link asks for it.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)

    response = moderator_client.get(
        LOG,
        {
            "created_at__gte": str(today - datetime.timedelta(days=7)),
            "created_at__lt": str(today + datetime.timedelta(days=1)),
        },
    )

    assert rows(response) == [rejection]


@pytest.mark.parametrize("query", ["miracle cure", "selling medicines"])
def test_the_log_is_searched_by_target_and_reason(moderator_client, rejection, query):
    audit.record(
        moderator=rejection.moderator,
        action=ModerationEvent.Action.PIN,
        topic=make_question(title="Something else entirely"),
    )

    response = moderator_client.get(LOG, {"q": query})

    assert rows(response) == [rejection]


@pytest.mark.parametrize("query", ["%", "_", "'; DROP TABLE", "ü" * 300])
def test_searching_the_log_for_odd_text_finds_nothing_and_does_not_fail(
    moderator_client, rejection, query
):
    response = moderator_client.get(LOG, {"q": query})

    assert response.status_code == 200
    assert rows(response) == []


@pytest.mark.parametrize(
    "params", [{"created_at__gte": "not-a-date"}, {"moderator__id__exact": "abc"}]
)
def test_a_bad_filter_value_is_reported_not_a_crash(moderator_client, rejection, params):
    response = moderator_client.get(LOG, params)

    assert response.status_code == 302
    assert response.url.endswith("?e=1")


def test_a_log_record_opens_as_a_read_only_page(moderator_client, rejection):
    response = moderator_client.get(f"{LOG}{rejection.pk}/change/")

    assert response.status_code == 200
    assert "Selling medicines is not allowed." in response.text
    assert 'name="_save"' not in response.text
    assert 'name="reason"' not in response.text
    assert "/delete/" not in response.text


def test_the_log_offers_no_add_button_and_no_bulk_actions(moderator_client, rejection):
    response = moderator_client.get(LOG)

    assert f"{LOG}add/" not in response.text
    assert "delete_selected" not in response.text
    assert response.context["action_form"] is None


@pytest.mark.parametrize("who", ["moderator_client", "superuser_client"])
def test_nobody_can_add_a_record_through_the_admin(request, who):
    client = request.getfixturevalue(who)

    assert client.get(f"{LOG}add/").status_code == 403
    assert client.post(f"{LOG}add/", {"action": "approve", "reason": "x"}).status_code == 403
    assert not ModerationEvent.objects.exists()


@pytest.mark.parametrize("who", ["moderator_client", "superuser_client"])
def test_nobody_can_change_a_record_through_the_admin(request, who, rejection):
    client = request.getfixturevalue(who)

    response = client.post(
        f"{LOG}{rejection.pk}/change/",
        {"action": "approve", "reason": "Rewritten", "target": "Something else"},
    )

    assert response.status_code == 403
    rejection.refresh_from_db()
    assert rejection.action == ModerationEvent.Action.REJECT
    assert rejection.reason == "Selling medicines is not allowed."


@pytest.mark.parametrize("who", ["moderator_client", "superuser_client"])
def test_nobody_can_delete_a_record_through_the_admin(request, who, rejection):
    client = request.getfixturevalue(who)

    assert client.get(f"{LOG}{rejection.pk}/delete/").status_code == 403
    assert client.post(f"{LOG}{rejection.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ModerationEvent.objects.filter(pk=rejection.pk).exists()


@pytest.mark.parametrize("who", ["moderator_client", "superuser_client"])
def test_nobody_can_bulk_delete_records_through_the_admin(request, who, rejection):
    client = request.getfixturevalue(who)

    client.post(
        LOG,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [rejection.pk], "post": "yes"},
    )

    assert ModerationEvent.objects.filter(pk=rejection.pk).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("member", "login"),
        ("suspended_member", "login"),
        ("staff_member", 403),
    ],
)
def test_only_moderators_may_read_the_log(client, request, rejection, role, expected):
    if role == "staff_member":
        client = sign_in_with_second_factor(
            client, give_totp(MemberFactory(username="staff_stan", is_staff=True))
        )
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    for url in [LOG, f"{LOG}{rejection.pk}/change/", f"{LOG}{rejection.pk}/history/"]:
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302
            assert response.url.startswith("/admin/login/")
        else:
            assert response.status_code == expected


def test_a_hostile_question_title_in_the_log_is_shown_as_text(moderator_client, moderator):
    topic = make_question(title='<img src=x onerror="alert(1)"> help', state=Post.State.PENDING)
    audit.record(moderator=moderator, action=ModerationEvent.Action.REJECT, post=topic.opening_post)

    page = moderator_client.get(LOG).content.decode()

    assert "<img src=x" not in page
    assert escape('<img src=x onerror="alert(1)">') in page


def test_the_logs_details_show_dates_in_words_not_iso(moderator_client, moderator):
    from forum import audit
    from forum.models import ModerationEvent

    audit.record(
        moderator=moderator,
        action=ModerationEvent.Action.SUSPEND,
        details={"until": "2026-12-24T18:30:00.123456+00:00", "valid_until": "2027-01-31"},
    )

    response = moderator_client.get("/admin/forum/moderationevent/")

    text = response.content.decode()
    assert "until: 24 December 2026, 18:30" in text
    assert "valid_until: 31 January 2027" in text
    assert "2026-12-24T18:30" not in text.split("<tbody>")[1]
