"""
An author told that their post is published: in the site and by e-mail (by their
setting) when a moderator approves it; and, while it waits, how long moderators take
these days (forum.review_wait).
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from accounts.tests.factories import MemberFactory
from forum import asking, lifecycle
from forum.models import Notification, Post
from forum.review_wait import describe_wait, review_wait_text, typical_review_wait
from forum.tests.factories import make_question, make_reply


@pytest.fixture(autouse=True)
def _no_cached_wait():
    cache.delete("forum:review-wait")
    yield
    cache.delete("forum:review-wait")


@pytest.fixture
def careful(db):
    """A member whose posts are always reviewed, e-mailed at once (the default)."""
    return MemberFactory(username="careful_cara", review_policy="always")


@pytest.fixture
def waiting_reply(careful, question, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return asking.reply(author=careful, topic=question, body="Pacing helped me most.")


def approve(post, moderator, capture):
    """A moderator's approval, as moderation.posts.approve_post makes it."""
    with capture(execute=True):
        return lifecycle.change_state(post, lifecycle.APPROVE, actor=moderator)


def notices(member):
    return list(Notification.objects.filter(recipient=member, reason=Notification.Reason.PUBLISHED))


# The notice --------------------------------------------------------------------------


def test_approving_a_post_tells_its_author_in_the_site(
    careful, waiting_reply, moderator, django_capture_on_commit_callbacks
):
    assert notices(careful) == []

    approve(waiting_reply, moderator, django_capture_on_commit_callbacks)

    (notice,) = notices(careful)
    assert notice.post == waiting_reply and notice.read_at is None


def test_the_author_is_emailed_at_once_when_they_chose_that(
    careful, waiting_reply, moderator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    approve(waiting_reply, moderator, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == [careful.email]
    assert message.subject == "[Askwell] Your reply was published"
    assert "Pacing helped me most" not in message.body
    assert f"http://testserver/forum/posts/{waiting_reply.pk}/" in message.body


@pytest.mark.parametrize("choice", ["daily", "never"])
def test_no_email_at_once_to_an_author_who_chose_otherwise(
    careful, waiting_reply, moderator, django_capture_on_commit_callbacks, choice
):
    careful.email_notifications = choice
    careful.save()
    mail.outbox.clear()

    approve(waiting_reply, moderator, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert len(notices(careful)) == 1


def test_an_approved_question_tells_its_asker_it_was_published(
    careful, category, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = asking.ask_question(
            author=careful,
            category=category,
            title="Does anyone else get cramps at night?",
            body="Every night since the new tablets, mostly in my calves.",
        )
    mail.outbox.clear()

    approve(topic.opening_post, moderator, django_capture_on_commit_callbacks)

    assert mail.outbox[0].subject == "[Askwell] Your question was published"
    assert "cramps" not in mail.outbox[0].body


def test_a_rejected_post_sends_no_publication_notice(
    careful, waiting_reply, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.change_state(waiting_reply, lifecycle.REJECT, actor=moderator, reason="Spam.")

    assert notices(careful) == []


def test_a_post_published_at_once_sends_no_notice(
    moderator, question, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asking.reply(author=moderator, topic=question, body="Published at once, no waiting.")

    assert notices(moderator) == []


def test_an_author_is_told_once_when_a_post_is_approved_again_after_an_edit(
    careful, waiting_reply, moderator, django_capture_on_commit_callbacks
):
    approve(waiting_reply, moderator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.change_state(waiting_reply, lifecycle.SEND_BACK)
    approve(waiting_reply, moderator, django_capture_on_commit_callbacks)

    assert len(notices(careful)) == 1


def test_a_closed_account_is_not_told(
    careful, waiting_reply, moderator, django_capture_on_commit_callbacks
):
    careful.is_active = False
    careful.save()

    approve(waiting_reply, moderator, django_capture_on_commit_callbacks)

    assert notices(careful) == []


def test_the_list_says_the_reply_was_published_without_its_text(
    client, careful, waiting_reply, moderator, django_capture_on_commit_callbacks
):
    approve(waiting_reply, moderator, django_capture_on_commit_callbacks)
    client.force_login(careful)

    page = client.get(reverse("forum:notifications")).content.decode()

    assert "Your reply was published: “How long does recovery usually take?”" in page
    assert "Pacing helped me most" not in page


# The typical wait --------------------------------------------------------------------


def decided(moderator, *waits, state=Post.State.APPROVED):
    """Posts decided by `moderator`, each `wait` after it was written, the last one
    decided most recently."""
    now = timezone.now()
    topic = make_question()
    for n, wait in enumerate(waits):
        written = now - wait - timedelta(minutes=len(waits) - n)
        make_reply(topic=topic, when=written, state=state)
    posts = Post.objects.filter(topic=topic).exclude(pk=topic.opening_post_id).order_by("pk")
    for post, wait in zip(posts, waits, strict=True):
        Post.objects.filter(pk=post.pk).update(
            reviewed_at=post.created_at + wait, reviewed_by=moderator
        )


def test_the_typical_wait_is_the_median_of_recent_decisions(moderator):
    decided(moderator, *(timedelta(hours=h) for h in (1, 2, 4, 30, 50)))

    assert typical_review_wait() == timedelta(hours=4)


def test_rejections_count_as_decisions_too(moderator):
    decided(moderator, *(timedelta(hours=3) for _ in range(5)), state=Post.State.REJECTED)

    assert typical_review_wait() == timedelta(hours=3)


def test_only_the_latest_decisions_count(moderator):
    decided(moderator, *(timedelta(days=5) for _ in range(10)))
    decided(moderator, *(timedelta(hours=2) for _ in range(50)))

    assert typical_review_wait() == timedelta(hours=2)


def test_with_too_few_decisions_the_wait_is_not_guessed(moderator):
    decided(moderator, *(timedelta(hours=2) for _ in range(4)))

    assert typical_review_wait() is None
    assert review_wait_text() == "within a day"


def test_posts_published_without_review_do_not_count(db):
    for _ in range(6):
        make_reply(topic=make_question())

    assert typical_review_wait() is None


@pytest.mark.parametrize(
    ("wait", "text"),
    [
        (timedelta(minutes=20), "within an hour"),
        (timedelta(hours=1), "within an hour"),
        (timedelta(hours=1, minutes=5), "within about 2 hours"),
        (timedelta(hours=23, minutes=30), "within a day"),
        (timedelta(hours=30), "within about 2 days"),
        (None, "within a day"),
    ],
)
def test_the_wait_is_said_in_plain_words(wait, text):
    assert describe_wait(wait) == text


def test_the_ask_page_says_the_typical_wait(client, member, moderator):
    decided(moderator, *(timedelta(hours=3) for _ in range(5)))
    client.force_login(member)

    response = client.get(reverse("forum:ask"))

    assertContains(
        response,
        "A moderator reads new members' posts before they appear, usually within about 3 hours.",
    )


def test_the_ask_page_says_within_a_day_without_enough_decisions(client, member):
    client.force_login(member)

    response = client.get(reverse("forum:ask"))

    assertContains(response, "before they appear, usually within a day.")


def test_the_confirmation_of_a_waiting_reply_says_the_typical_wait(
    client, careful, question, moderator
):
    decided(moderator, *(timedelta(hours=5) for _ in range(5)))
    client.force_login(careful)

    response = client.post(
        reverse("forum:reply", args=[question.category.slug, question.pk, question.slug]),
        {"body": "Resting in the afternoon helped me a lot."},
        follow=True,
    )

    assertContains(
        response,
        "Moderators usually decide within about 5 hours; we will tell you when it is published.",
    )


def test_the_confirmation_of_a_waiting_question_says_the_typical_wait(
    client, careful, typed, moderator
):
    decided(moderator, *(timedelta(minutes=40) for _ in range(5)))
    client.force_login(careful)

    response = client.post(reverse("forum:ask"), typed, follow=True)

    assertContains(
        response, "Only you can see it until then. Moderators usually decide within an hour"
    )


def test_the_wait_is_worked_out_once_for_many_pages(client, member, moderator):
    decided(moderator, *(timedelta(hours=3) for _ in range(5)))
    client.force_login(member)
    client.get(reverse("forum:ask"))
    decided(moderator, *(timedelta(days=3) for _ in range(50)))

    response = client.get(reverse("forum:ask"))

    assertContains(response, "usually within about 3 hours.")
