"""
The notification pages in their states (new and read notifications of each kind, a
page deep in the list, the settings with an error) and a followed question's page are
valid HTML by the W3C Nu HTML Checker (tests/test_html_validity.py runs it).
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum.models import Notification, Post
from forum.notifications import follows, inbox
from forum.tests.factories import make_question, make_reply
from forum.views.notifications import NOTIFICATIONS_PER_PAGE
from tests.test_html_validity import nu_errors


@pytest.mark.django_db
def test_the_notification_pages_are_valid_html(tmp_path):
    member = MemberFactory(username="valid_val", email_notifications="never")
    question = make_question(title="Cramps at night & what helps", author=member)
    follows.follow_topic(member=member, topic=question)
    for n in range(NOTIFICATIONS_PER_PAGE + 2):
        reply = make_reply(topic=question, body=f"Reply {n} to @valid_val")
        inbox.create_notifications(post_id=reply.pk)
    Notification.objects.filter(pk__in=Notification.objects.order_by("pk")[:3]).update(
        read_at=timezone.now()
    )
    waiting = make_reply(topic=question, author=member, state=Post.State.PENDING)
    Post.objects.filter(pk=waiting.pk).update(state=Post.State.APPROVED)
    inbox.create_publication_notice(post_id=waiting.pk)
    oldest = Notification.objects.order_by("pk")[2].pk
    client = Client()
    client.force_login(member)
    pages = {
        "notifications": ("get", reverse("forum:notifications"), {}),
        "notifications-older": ("get", reverse("forum:notifications"), {"before": oldest}),
        "notifications-bad-cursor": ("get", reverse("forum:notifications"), {"before": "x"}),
        "settings": ("get", reverse("notification-settings"), {}),
        "settings-errors": (
            "post",
            reverse("notification-settings"),
            {"email_notifications": "weekly", "email_excerpts": "on"},
        ),
        "followed-topic": ("get", question.get_absolute_url(), {}),
    }
    for name, (method, url, data) in pages.items():
        response = getattr(client, method)(url, data)
        assert response.status_code == 200, (name, response.status_code)
        (tmp_path / f"{name}.html").write_bytes(response.content)

    assert nu_errors(tmp_path) == []
