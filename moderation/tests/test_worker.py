"""
A moderator's approval reaching members end to end through the real task queue: the
database backend stores the task when the decision commits, and only the worker
(`manage.py db_worker`) notifies the followers and sends the e-mail.
"""

import pytest
from django.core import mail

from forum import asking
from forum.models import Category, Notification
from forum.notifications import follows
from moderation import posts as moderation_posts

pytestmark = pytest.mark.usefixtures("migrated_data")


def test_an_approved_question_reaches_its_category_followers_through_the_worker(
    run_worker, follower, always_review_member, moderator
):
    category = Category.objects.order_by("position").first()
    follows.follow_category(member=follower, category=category)
    topic = asking.ask_question(
        author=always_review_member,
        category=category,
        title="Is it normal to feel worse before better?",
        body="My doctor changed my treatment and the first weeks are hard.",
    )
    run_worker()
    assert not Notification.objects.exists()

    moderation_posts.approve_post(post=topic.opening_post, moderator=moderator)
    assert mail.outbox == []
    run_worker()

    assert Notification.objects.get(reason=Notification.Reason.QUESTION).recipient == follower
    sent = {message.to[0]: message.subject for message in mail.outbox}
    assert sent == {
        "fay@example.org": (
            f"[Askwell] careful_cara asked a question in {category.name}, a category you follow"
        ),
        # Its author is told it is published.
        always_review_member.email: "[Askwell] Your question was published",
    }
