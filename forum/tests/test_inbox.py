import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.models import Notification, Post
from forum.notifications import follows, inbox
from forum.notifications.tasks import notify_followers
from forum.tests.factories import make_question, make_reply
from moderation import posts as moderation_posts


@pytest.fixture
def follower(db):
    return MemberFactory(username="follower_fay", email_notifications="never")


@pytest.fixture
def followed(question, follower):
    follows.follow_topic(member=follower, topic=question)
    return question


def notified(post):
    return set(Notification.objects.filter(post=post).values_list("recipient__username", flat=True))


# Who is told ------------------------------------------------------------------------


def test_followers_of_a_question_are_told_of_a_new_reply(followed, follower):
    reply = make_reply(topic=followed)

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == {"follower_fay"}
    assert Notification.objects.get(post=reply).reason == Notification.Reason.REPLY


def test_followers_of_a_category_are_told_of_a_new_question(follower, category):
    follows.follow_category(member=follower, category=category)
    topic = make_question(category=category)

    inbox.create_notifications(post_id=topic.opening_post_id)

    assert notified(topic.opening_post) == {"follower_fay"}
    assert Notification.objects.get().reason == Notification.Reason.QUESTION


def test_followers_of_another_category_are_not_told_of_a_new_question(follower, category):
    other = type(category).objects.exclude(pk=category.pk).first()
    follows.follow_category(member=follower, category=other)
    topic = make_question(category=category)

    inbox.create_notifications(post_id=topic.opening_post_id)

    assert notified(topic.opening_post) == set()


def test_the_author_of_a_reply_is_not_told_of_it(followed, follower):
    reply = make_reply(topic=followed, author=follower)

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == set()


def test_a_member_who_stopped_following_is_not_told(followed, follower):
    follows.unfollow_topic(member=follower, topic=followed)
    reply = make_reply(topic=followed)

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == set()


def test_an_inactive_account_is_not_told(followed, follower):
    follower.is_active = False
    follower.save()
    reply = make_reply(topic=followed)

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == set()


@pytest.mark.parametrize(
    "state", [Post.State.PENDING, Post.State.HIDDEN, Post.State.REMOVED, Post.State.REJECTED]
)
def test_no_one_is_told_of_a_post_that_is_not_visible_when_the_task_runs(followed, follower, state):
    reply = make_reply(topic=followed)
    Post.objects.filter(pk=reply.pk).update(state=state, rejection_reason="Not for this forum.")

    inbox.create_notifications(post_id=reply.pk)

    assert notified(reply) == set()


def test_a_follower_is_not_told_of_a_reply_in_someone_elses_question_hidden_since(member, follower):
    topic = make_question(author=member)
    follows.follow_topic(member=member, topic=topic)
    follows.follow_topic(member=follower, topic=topic)
    Post.objects.filter(pk=topic.opening_post_id).update(state=Post.State.HIDDEN)
    reply = make_reply(topic=topic)

    inbox.create_notifications(post_id=reply.pk)

    # The asker still sees their own question; the other follower does not.
    assert notified(reply) == {"patient_pat"}


def test_a_member_is_told_once_of_a_post_however_often_the_task_runs(followed, follower):
    reply = make_reply(topic=followed)

    inbox.create_notifications(post_id=reply.pk)
    inbox.create_notifications(post_id=reply.pk)
    notify_followers.call(reply.pk)

    assert Notification.objects.filter(post=reply, recipient=follower).count() == 1


def test_an_unknown_post_notifies_no_one(db):
    assert inbox.create_notifications(post_id=999999) == []
    assert not Notification.objects.exists()


def test_a_reply_published_at_once_notifies_the_followers(
    followed, follower, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    make_reply(topic=followed, author=author)
    make_reply(topic=followed, author=author)  # two approved posts: trusted

    with django_capture_on_commit_callbacks(execute=True):
        reply = asking.reply(
            author=author, topic=followed, body="Rest helped me most in the first weeks."
        )

    assert notified(reply) == {"follower_fay"}


def test_a_reply_waiting_for_review_notifies_no_one_until_approved(
    followed, follower, always_review_member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = asking.reply(
            author=always_review_member, topic=followed, body="My physio suggested short walks."
        )
    assert notified(reply) == set()

    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.approve_post(post=reply, moderator=moderator)

    assert notified(reply) == {"follower_fay"}


def test_an_approved_question_notifies_the_followers_of_its_category(
    follower, category, pending_question, moderator, django_capture_on_commit_callbacks
):
    follows.follow_category(member=follower, category=pending_question.category)

    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.approve_post(post=pending_question.opening_post, moderator=moderator)

    assert notified(pending_question.opening_post) == {"follower_fay"}


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
    assert "replier_rae replied to “How long does recovery usually take?”" in page
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

    first = client.get(reverse("forum:notifications")).content.decode()
    second = client.get(reverse("forum:notifications") + "?page=2").content.decode()

    assert "replier_26" in first and "replier_00" not in first
    assert "replier_00" in second
    assert "Page 2 of 2" in second


def test_notification_list_survives_a_bad_page_number(client, followed, follower):
    notify(followed, follower)
    client.force_login(follower)

    response = client.get(reverse("forum:notifications") + "?page=nonsense")

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


def test_header_count_costs_one_query(client, followed, follower):
    notify(followed, follower)
    client.force_login(follower)
    client.get(reverse("forum:index"))  # warm the session

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("forum:index"))

    assert sum("forum_notification" in q["sql"] for q in queries.captured_queries) == 1


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
