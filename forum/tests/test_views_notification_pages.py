"""
The notification list a page at a time by id (keyset pagination), opening a
notification marks it read, what the list says of each, and the settings for excerpts
and following the questions one replies to.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum.models import Notification, Post
from forum.notifications import inbox
from forum.tests.factories import make_question, make_reply
from forum.views.notifications import NOTIFICATIONS_PER_PAGE

LIST_URL = reverse("forum:notifications")


@pytest.fixture
def follower_emails():
    return "never"


def notify(topic, **kwargs):
    reply = make_reply(topic=topic, **kwargs)
    inbox.create_notifications(post_id=reply.pk)
    return Notification.objects.get(post=reply)


def many_notifications(member, count):
    """`count` notifications for `member`, each of its own reply, written in bulk."""
    topic = make_question(title="A long conversation")
    author = MemberFactory()
    now = timezone.now()
    Post.objects.bulk_create(
        [
            Post(
                topic=topic,
                author=author,
                body="A reply.",
                body_html="<p>A reply.</p>",
                state=Post.State.APPROVED,
                created_at=now,
                published_at=now,
            )
            for _ in range(count)
        ]
    )
    posts = Post.objects.filter(topic=topic).exclude(pk=topic.opening_post_id)
    Notification.objects.bulk_create(
        [Notification(recipient=member, post=post, reason="reply") for post in posts]
    )
    return list(
        Notification.objects.filter(recipient=member).order_by("pk").values_list("pk", flat=True)
    )


def listed(response):
    return [n.pk for n in response.context["page"].notifications]


# Keyset pagination -------------------------------------------------------------------


def test_the_last_page_of_a_long_list_costs_what_the_first_does(client, follower):
    ids = many_notifications(follower, 5000)
    client.force_login(follower)
    last_cursor = ids[NOTIFICATIONS_PER_PAGE]
    client.get(LIST_URL)  # the session's first use, and the header's count, kept

    with CaptureQueriesContext(connection) as first:
        first_page = client.get(LIST_URL)
    with CaptureQueriesContext(connection) as last:
        last_page = client.get(LIST_URL, {"before": last_cursor})

    assert listed(first_page) == ids[::-1][:NOTIFICATIONS_PER_PAGE]
    assert listed(last_page) == ids[:NOTIFICATIONS_PER_PAGE][::-1]
    assert len(first.captured_queries) == len(last.captured_queries)
    (page_query,) = [
        q["sql"]
        for q in last.captured_queries
        if 'ORDER BY "forum_notification"."id" DESC' in q["sql"]
    ]
    assert f'"forum_notification"."id" < {last_cursor}' in page_query
    assert "OFFSET" not in page_query.upper()
    assert "OFFSET" not in " ".join(q["sql"] for q in first.captured_queries).upper()
    assert 'rel="next"' not in last_page.content.decode()  # nothing older


def test_each_page_links_to_the_older_and_the_newer_one(client, follower):
    ids = many_notifications(follower, NOTIFICATIONS_PER_PAGE * 2 + 3)
    client.force_login(follower)

    first = client.get(LIST_URL)
    oldest_on_first = listed(first)[-1]
    second = client.get(LIST_URL, {"before": oldest_on_first})
    back = client.get(LIST_URL, {"after": listed(second)[0]})

    assert f'href="?before={oldest_on_first}"' in first.content.decode()
    assert "Newer" not in first.content.decode()
    assert (
        listed(second) == [pk for pk in ids[::-1] if pk < oldest_on_first][:NOTIFICATIONS_PER_PAGE]
    )
    assert f'href="?after={listed(second)[0]}"' in second.content.decode()
    assert listed(back) == listed(first)
    assert "<title>Notifications, older" in second.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"before": "nonsense"},
        {"before": "-3"},
        {"before": "0"},
        {"before": "2.5"},
        {"before": "1e3"},
        {"before": ""},
        {"before": "9" * 30},
        {"after": "nonsense"},
        {"after": "9" * 30},
        {"after": "-1"},
        {"page": "2"},
    ],
)
def test_a_bad_page_cursor_gives_the_first_page(client, follower, params):
    ids = many_notifications(follower, NOTIFICATIONS_PER_PAGE + 5)
    client.force_login(follower)

    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert listed(response) == ids[::-1][:NOTIFICATIONS_PER_PAGE]


def test_a_cursor_past_either_end_gives_the_first_page(client, follower):
    ids = many_notifications(follower, 3)
    client.force_login(follower)

    assert listed(client.get(LIST_URL, {"before": ids[0]})) == ids[::-1]
    assert listed(client.get(LIST_URL, {"after": ids[-1]})) == ids[::-1]


def test_a_cursor_does_not_show_another_members_notifications(client, follower, other_member):
    theirs = many_notifications(other_member, 3)
    client.force_login(follower)

    response = client.get(LIST_URL, {"before": theirs[-1] + 1})

    assert listed(response) == []


@pytest.mark.parametrize("size", [3, 60])
def test_every_page_makes_the_same_few_queries(
    client, follower, size, django_assert_max_num_queries
):
    ids = many_notifications(follower, size)
    client.force_login(follower)

    # Session, user, header count, the page, "any unread".
    with django_assert_max_num_queries(5):
        client.get(LIST_URL, {"before": ids[-1]})


# What the list says -------------------------------------------------------------------


def test_the_list_tells_the_asker_of_a_reply_to_their_question(client, member, category):
    from forum.notifications import follows

    topic = make_question(author=member, title="Cramps at night")
    follows.follow_topic(member=member, topic=topic)
    notify(topic, author=MemberFactory(username="amelia_r"), body="Magnesium helped me.")
    client.force_login(member)

    page = client.get(LIST_URL).content.decode()

    assert "amelia_r replied to your question: “Cramps at night”" in page
    assert "Magnesium" not in page


def test_a_new_notification_is_marked_new_in_its_link_text(client, followed, follower):
    notification = notify(followed)
    client.force_login(follower)

    page = client.get(LIST_URL).content.decode()

    link = page[page.index(f'href="{reverse("forum:notification", args=[notification.pk])}"') :]
    assert link.split("</a>")[0].count(">New</span>") == 1


def test_a_read_notification_is_not_marked_new(client, followed, follower):
    notify(followed)
    Notification.objects.update(read_at=timezone.now())
    client.force_login(follower)

    page = client.get(LIST_URL).content.decode()

    assert ">New</span>" not in page


# Opening one marks it read ------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "owns_it", "status"),
    [
        ("anonymous", False, 302),
        ("follower", True, 302),
        ("other_member", False, 404),
        ("suspended_member", True, 302),
        ("suspended_member", False, 404),
        ("moderator", True, 302),
        ("moderator", False, 404),
    ],
)
def test_who_may_open_a_notification_and_mark_it_read(
    client, request, followed, follower, role, owns_it, status
):
    recipient = request.getfixturevalue(role) if owns_it else follower
    reply = make_reply(topic=followed)
    notification = Notification.objects.create(recipient=recipient, post=reply, reason="reply")
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("forum:notification", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.status_code == status
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))
    if owns_it:
        assert notification.read_at is not None
        assert response.url == f"{followed.get_absolute_url()}#post-{reply.pk}"
    else:
        assert notification.read_at is None


def test_opening_a_notification_leaves_the_others_new(client, followed, follower):
    opened, other = notify(followed), notify(followed)
    client.force_login(follower)

    client.get(reverse("forum:notification", args=[opened.pk]))

    assert set(Notification.objects.filter(read_at__isnull=True)) == {other}


def test_opening_a_read_notification_again_keeps_when_it_was_read(client, followed, follower):
    notification = notify(followed)
    client.force_login(follower)
    client.get(reverse("forum:notification", args=[notification.pk]))
    notification.refresh_from_db()
    first_read = notification.read_at

    client.get(reverse("forum:notification", args=[notification.pk]))

    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_a_notification_of_a_post_hidden_since_is_not_marked_read(client, followed, follower):
    notification = notify(followed)
    Post.objects.filter(pk=notification.post_id).update(state=Post.State.HIDDEN)
    client.force_login(follower)

    assert client.get(reverse("forum:notification", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_a_notification_by_post_is_not_allowed(client, followed, follower):
    notification = notify(followed)
    client.force_login(follower)

    response = client.post(reverse("forum:notification", args=[notification.pk]))

    assert response.status_code == 405


def test_the_header_count_drops_once_a_notification_is_opened(client, followed, follower):
    notification = notify(followed)
    client.force_login(follower)

    client.get(reverse("forum:notification", args=[notification.pk]))

    assert client.get(LIST_URL).context["notification_inbox"].unread_count == 0


def test_the_header_says_99_plus_rather_than_counting_thousands(client, follower):
    many_notifications(follower, 150)
    client.force_login(follower)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("forum:index"))

    page = response.content.decode()
    assert '<span class="notifications-link__count">99+</span>' in page
    assert 'aria-label="Notifications, 99+ unread"' in page
    (count,) = [q["sql"] for q in queries if 'FROM "forum_notification"' in q["sql"]]
    assert "COUNT(*)" in count and "LIMIT 100" in count


def test_the_header_gives_the_exact_count_up_to_99(client, follower):
    many_notifications(follower, 99)
    client.force_login(follower)

    page = client.get(reverse("forum:index")).content.decode()

    assert '<span class="notifications-link__count">99</span>' in page
    assert 'aria-label="Notifications, 99 unread"' in page


# Settings: excerpts and following what one replies to -----------------------------------


SETTINGS_URL = reverse("notification-settings")


def test_excerpts_are_off_and_following_replies_on_for_a_new_member(member):
    assert member.email_excerpts is False
    assert member.follow_replied_questions is True


def test_the_settings_page_offers_excerpts_and_following_replies(client, member):
    client.force_login(member)

    page = client.get(SETTINGS_URL).content.decode()

    assert "Include the question and the start of the post in e-mails" in page
    assert 'name="email_excerpts"' in page and 'id="id_email_excerpts" checked' not in page
    assert "Follow the questions I reply to" in page


@pytest.mark.parametrize("role", ["member", "suspended_member", "moderator"])
def test_a_member_turns_excerpts_on_and_following_replies_off(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.post(
        SETTINGS_URL, {"email_notifications": "immediate", "email_excerpts": "on"}, follow=True
    )

    user.refresh_from_db()
    assert user.email_excerpts is True
    assert user.follow_replied_questions is False
    assert "Your notification settings are saved." in response.content.decode()


@pytest.mark.parametrize("value", ["false", "False", ""])
def test_a_checkbox_sent_as_false_is_off(client, member, value):
    client.force_login(member)

    client.post(
        SETTINGS_URL,
        {
            "email_notifications": "daily",
            "email_excerpts": value,
            "follow_replied_questions": value,
        },
    )

    member.refresh_from_db()
    assert (member.email_excerpts, member.follow_replied_questions) == (False, False)


def test_a_refused_setting_keeps_the_boxes_as_they_were_ticked(client, member):
    client.force_login(member)

    response = client.post(SETTINGS_URL, {"email_notifications": "weekly", "email_excerpts": "on"})

    member.refresh_from_db()
    assert member.email_excerpts is False
    assert "Choose one of the options: at once, daily or never." in response.content.decode()
    assert response.context["form"]["email_excerpts"].value() is True


def test_saving_settings_changes_no_other_member(client, member, other_member):
    client.force_login(member)

    client.post(SETTINGS_URL, {"email_notifications": "never", "email_excerpts": "on"})

    other_member.refresh_from_db()
    assert (other_member.email_excerpts, other_member.follow_replied_questions) == (False, True)
