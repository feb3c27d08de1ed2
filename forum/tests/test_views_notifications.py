"""
Notifications in the site: the list and where each one leads, marking them read, the
count in the header, and each member's notification settings.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum import lifecycle
from forum.models import Notification, Post
from forum.notifications import follows, inbox
from forum.tests.factories import make_reply


@pytest.fixture
def follower_emails():
    """Followers here are told in the site only."""
    return "never"


# The notification list --------------------------------------------------------------


def notify(topic, follower, **kwargs):
    reply = make_reply(topic=topic, **kwargs)
    inbox.create_notifications(post_id=reply.pk)
    return reply


def test_anonymous_visitor_is_sent_to_sign_in_for_notifications(client):
    response = client.get(reverse("forum:notifications"))

    assert response.url.startswith(reverse("account_login"))


def test_notification_list_names_the_question_and_links_to_the_reply(client, followed, follower):
    reply = notify(followed, follower, author=MemberFactory(username="replier_rae"))
    client.force_login(follower)

    page = client.get(reverse("forum:notifications")).content.decode()

    notification = Notification.objects.get(post=reply)
    assert (
        "replier_rae replied to a question you follow: “How long does recovery usually take?”"
        in page
    )
    assert f'href="{reverse("forum:notification", args=[notification.pk])}"' in page
    assert "New" in page


def test_following_a_notification_leads_to_the_page_of_the_question_showing_the_post(
    client, followed, follower, settings
):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    for _ in range(2):
        make_reply(topic=followed)
    reply = notify(followed, follower)
    client.force_login(follower)

    response = client.get(
        reverse("forum:notification", args=[Notification.objects.get(post=reply).pk])
    )

    assert response.url == f"{followed.get_absolute_url()}?page=2#post-{reply.pk}"


def test_anonymous_visitor_following_a_notification_is_sent_to_sign_in(client, followed, follower):
    reply = notify(followed, follower)

    response = client.get(
        reverse("forum:notification", args=[Notification.objects.get(post=reply).pk])
    )

    assert response.url.startswith(reverse("account_login"))


def test_another_members_notification_is_not_found(client, followed, follower, other_member):
    reply = notify(followed, follower)
    client.force_login(other_member)

    response = client.get(
        reverse("forum:notification", args=[Notification.objects.get(post=reply).pk])
    )

    assert response.status_code == 404


def test_a_notification_of_a_post_hidden_since_is_not_found(client, followed, follower):
    reply = notify(followed, follower)
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)
    client.force_login(follower)

    response = client.get(
        reverse("forum:notification", args=[Notification.objects.get(post=reply).pk])
    )

    assert response.status_code == 404


def test_an_unknown_notification_is_not_found(client, follower):
    client.force_login(follower)

    response = client.get(reverse("forum:notification", args=[999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_notification_list_makes_a_fixed_number_of_queries(
    client, followed, follower, size, django_assert_max_num_queries
):
    for _ in range(size):
        notify(followed, follower)
    client.force_login(follower)

    # Session, user, header count, page count, page, "any unread".
    with django_assert_max_num_queries(6):
        response = client.get(reverse("forum:notifications"))

    assert response.status_code == 200


def test_notification_list_shows_only_the_members_own_notifications(
    client, followed, follower, other_member
):
    notify(followed, follower, author=MemberFactory(username="replier_rae"))
    client.force_login(other_member)

    page = client.get(reverse("forum:notifications")).content.decode()

    assert "replier_rae" not in page
    assert "Nothing yet." in page


def test_notification_list_leaves_out_a_post_hidden_since(client, followed, follower):
    reply = notify(followed, follower, author=MemberFactory(username="replier_rae"))
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)
    client.force_login(follower)

    page = client.get(reverse("forum:notifications")).content.decode()

    assert "replier_rae" not in page


def test_notification_list_is_paginated_newest_first(client, followed, follower, settings):
    for n in range(27):
        notify(followed, follower, author=MemberFactory(username=f"replier_{n:02d}"))
    client.force_login(follower)

    first = client.get(reverse("forum:notifications"))
    older = Notification.objects.order_by("pk")[2].pk
    second = client.get(reverse("forum:notifications"), {"before": older})

    assert "replier_26" in first.content.decode() and "replier_02" in first.content.decode()
    assert "replier_01" not in first.content.decode()
    assert f'href="?before={older}"' in first.content.decode()
    assert "replier_01" in second.content.decode() and "replier_00" in second.content.decode()
    assert "replier_02" not in second.content.decode()
    assert "Older" not in second.content.decode()


def test_notification_list_survives_a_bad_page_number(client, followed, follower):
    notify(followed, follower)
    client.force_login(follower)

    response = client.get(reverse("forum:notifications") + "?before=nonsense")

    assert response.status_code == 200


def test_viewing_the_list_does_not_mark_notifications_read(client, followed, follower):
    notify(followed, follower)
    client.force_login(follower)

    client.get(reverse("forum:notifications"))

    assert Notification.objects.get().read_at is None


# Mark all as read -------------------------------------------------------------------


def test_anonymous_visitor_cannot_mark_notifications_read(client, followed, follower):
    notify(followed, follower)

    response = client.post(reverse("forum:notifications-read"))

    assert response.url.startswith(reverse("account_login"))
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("role", ["member", "suspended_member", "moderator"])
def test_mark_all_as_read_marks_the_members_own_notifications(client, request, role, question):
    user = request.getfixturevalue(role)
    follows.follow_topic(member=user, topic=question)
    notify(question, user)
    client.force_login(user)

    response = client.post(reverse("forum:notifications-read"), follow=True)

    assert Notification.objects.get(recipient=user).read_at is not None
    assert "marked as read" in response.content.decode()


def test_mark_all_as_read_leaves_another_members_notifications_alone(
    client, followed, follower, other_member
):
    notify(followed, follower)
    client.force_login(other_member)

    client.post(reverse("forum:notifications-read"))

    assert Notification.objects.get(recipient=follower).read_at is None


def test_mark_all_as_read_needs_a_post_request(client, followed, follower):
    notify(followed, follower)
    client.force_login(follower)

    response = client.get(reverse("forum:notifications-read"))

    assert response.status_code == 405
    assert Notification.objects.get().read_at is None


# The header count -------------------------------------------------------------------


def test_header_counts_unread_notifications_with_an_accessible_label(client, followed, follower):
    notify(followed, follower)
    notify(followed, follower)
    client.force_login(follower)

    page = client.get(reverse("forum:index")).content.decode()

    assert 'aria-label="Notifications, 2 unread"' in page


def test_header_does_not_count_read_notifications(client, followed, follower):
    notify(followed, follower)
    Notification.objects.update(read_at=timezone.now())
    client.force_login(follower)

    page = client.get(reverse("forum:index")).content.decode()

    assert "unread" not in page
    assert "Notifications" in page


def test_header_does_not_count_notifications_of_posts_hidden_since(client, followed, follower):
    reply = notify(followed, follower)
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)
    client.force_login(follower)

    page = client.get(reverse("forum:index")).content.decode()

    assert "unread" not in page


def unread_in_header(client):
    return client.get(reverse("forum:index")).context["notification_inbox"].unread_count


def notification_queries(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("forum:index"))
    return sum("forum_notification" in q["sql"] for q in queries.captured_queries)


def test_the_header_counts_once_then_keeps_the_count(client, followed, follower):
    notify(followed, follower)
    client.force_login(follower)

    assert notification_queries(client) == 1
    assert notification_queries(client) == 0
    assert unread_in_header(client) == 1


def test_the_header_count_rises_with_a_new_notification(client, followed, follower):
    notify(followed, follower)
    client.force_login(follower)
    assert unread_in_header(client) == 1

    notify(followed, follower)

    assert unread_in_header(client) == 2


def test_the_header_count_falls_when_a_notification_is_read(client, followed, follower):
    notify(followed, follower)
    notify(followed, follower)
    client.force_login(follower)
    assert unread_in_header(client) == 2

    inbox.mark_read(member=follower, notification_id=follower.notifications.first().pk)
    assert unread_in_header(client) == 1
    inbox.mark_all_read(member=follower)
    assert unread_in_header(client) == 0


def test_the_header_count_falls_when_the_post_is_hidden(client, followed, follower):
    reply = notify(followed, follower)
    client.force_login(follower)
    assert unread_in_header(client) == 1

    lifecycle.change_state(reply, lifecycle.HIDE)

    assert unread_in_header(client) == 0


def test_the_header_count_falls_when_old_notifications_are_purged(
    client, settings, followed, follower
):
    notify(followed, follower)
    client.force_login(follower)
    assert unread_in_header(client) == 1

    inbox.purge_notifications(
        now=timezone.now() + timedelta(days=settings.ASKWELL_NOTIFICATION_RETENTION_DAYS + 1)
    )

    assert unread_in_header(client) == 0


def test_the_header_counts_each_time_while_the_cache_fails(client, monkeypatch, followed, follower):
    notify(followed, follower)
    client.force_login(follower)
    client.get(reverse("forum:index"))

    def fail(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("articles.generations.cache.get", fail)
    monkeypatch.setattr("articles.generations.cache.get_many", fail)
    notify(followed, follower)

    assert notification_queries(client) == 1
    assert unread_in_header(client) == 2


def test_header_counts_nothing_for_anonymous_visitors(client, followed, follower):
    notify(followed, follower)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("forum:index")).content.decode()

    assert not any("forum_notification" in q["sql"] for q in queries.captured_queries)
    assert "Notifications" not in page


# Notification settings ---------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_for_notification_settings(client):
    response = client.get(reverse("notification-settings"))

    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["member", "suspended_member", "moderator"])
def test_a_member_chooses_a_daily_digest(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.post(
        reverse("notification-settings"), {"email_notifications": "daily"}, follow=True
    )

    user.refresh_from_db()
    assert user.email_notifications == "daily"
    assert "Your notification settings are saved." in response.content.decode()


def test_saving_settings_changes_only_the_signed_in_member(client, member, other_member):
    client.force_login(member)

    client.post(reverse("notification-settings"), {"email_notifications": "never"})

    other_member.refresh_from_db()
    assert other_member.email_notifications == "immediate"


@pytest.mark.parametrize("value", ["", "weekly", "IMMEDIATE"])
def test_a_bad_setting_is_refused_with_a_message(client, member, value):
    client.force_login(member)

    response = client.post(reverse("notification-settings"), {"email_notifications": value})

    member.refresh_from_db()
    assert response.status_code == 200
    assert member.email_notifications == "immediate"
    assert "Choose one of the options: at once, daily or never." in response.content.decode()


def test_settings_page_lists_followed_questions_and_categories(
    client, followed, follower, category
):
    follows.follow_category(member=follower, category=category)
    client.force_login(follower)

    page = client.get(reverse("notification-settings")).content.decode()

    assert "How long does recovery usually take?" in page
    assert category.name in page
    assert page.count('name="follow" value="off"') == 2
