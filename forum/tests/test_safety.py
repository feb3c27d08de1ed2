from datetime import timedelta

import pytest
from django.utils import timezone

from forum import safety
from forum.models import Post
from forum.tests.factories import make_question, make_reply

NOW = timezone.now()


@pytest.mark.parametrize(
    "text",
    [
        "I have chest pain since this morning",
        "Sudden CHEST PAINS after my infusion",
        "I can't breathe properly when I lie down",
        "I can’t breathe tonight",
        "My mother cannot breathe well",
        "I am struggling to breathe",
        "difficulty breathing after the steroids",
        "I have been thinking about suicide",
        "I feel suicidal",
        "Sometimes I want to kill myself",
        "I want to end my life",
        "I think I took too many pills",
        "Could this be an overdose?",
        "There is severe bleeding from the biopsy site",
        "His face is drooping on one side",
        "I keep choking on water",
        "I can't swallow anything since yesterday",
        "I'm having trouble swallowing my food",
    ],
)
def test_an_emergency_is_recognised(text):
    assert safety.mentions_emergency(text)


@pytest.mark.parametrize(
    "text",
    [
        "How long does recovery usually take?",
        "Is a chest painting class a good hobby while resting?",
        "Reading your story had me choking up, thank you.",
        "My physio says breathing exercises help.",
        "The dose of prednisone was lowered last week.",
        "What is a normal CK level?",
        "",
    ],
)
def test_ordinary_text_is_not_taken_for_an_emergency(text):
    assert not safety.mentions_emergency(text)


def test_the_word_suicide_inside_another_word_is_not_an_emergency():
    assert not safety.mentions_emergency("The parasuicidex brand of vitamins")


@pytest.mark.parametrize(
    "body",
    [
        "See https://example.org/study for the study.",
        "See www.example.org for the study.",
        "See [the study](https://example.org).",
        "Write to me at <pat@example.org>.",
    ],
    ids=["bare-url", "bare-www", "markdown-link", "email-autolink"],
)
def test_links_are_found_in_the_rendered_text(body):
    assert safety.contains_link(body)


def test_text_without_a_link_has_none():
    assert not safety.contains_link("My CK was 4000 in **March** and 900 in June.")


# Rate limits.


@pytest.fixture
def limits(settings):
    settings.ASKWELL_RATE_LIMITS = {
        "question": {"trusted": 3, "under_review": 1},
        "reply": {"trusted": 3, "under_review": 2},
    }
    return settings.ASKWELL_RATE_LIMITS


def trust(author):
    make_question(author=author, title="An earlier question", when=NOW - timedelta(days=3))
    make_question(author=author, title="Another earlier question", when=NOW - timedelta(days=3))


def test_a_member_under_the_limit_may_post(limits, member):
    make_question(author=member, state=Post.State.PENDING, when=NOW - timedelta(hours=2))

    assert safety.posting_allowed_at(author=member, kind="question", now=NOW) is None


def test_a_member_under_review_at_the_limit_waits_an_hour_from_their_oldest_post(limits, member):
    asked = NOW - timedelta(minutes=20)
    make_question(author=member, state=Post.State.PENDING, when=asked)

    assert safety.posting_allowed_at(author=member, kind="question", now=NOW) == asked + (
        timedelta(hours=1)
    )


def test_a_trusted_member_has_the_higher_limit(limits, member):
    trust(member)
    make_question(author=member, title="One", when=NOW - timedelta(minutes=30))
    make_question(author=member, title="Two", when=NOW - timedelta(minutes=20))

    assert safety.posting_allowed_at(author=member, kind="question", now=NOW) is None
    make_question(author=member, title="Three", when=NOW - timedelta(minutes=10))
    assert safety.posting_allowed_at(author=member, kind="question", now=NOW) == NOW - timedelta(
        minutes=30
    ) + timedelta(hours=1)


def test_replies_and_questions_are_counted_apart(limits, member, question):
    make_question(author=member, state=Post.State.PENDING, when=NOW - timedelta(minutes=5))

    assert safety.posting_allowed_at(author=member, kind="reply", now=NOW) is None
    for minutes in (4, 3):
        make_reply(
            topic=question,
            author=member,
            state=Post.State.PENDING,
            when=NOW - timedelta(minutes=minutes),
        )
    assert safety.posting_allowed_at(author=member, kind="reply", now=NOW) is not None


def test_moderators_are_not_rate_limited(limits, moderator):
    for minutes in (1, 2, 3, 4):
        make_question(
            author=moderator, title=f"Notice {minutes}", when=NOW - timedelta(minutes=minutes)
        )

    assert safety.posting_allowed_at(author=moderator, kind="question", now=NOW) is None


def test_the_rate_limit_check_makes_a_fixed_number_of_queries(
    limits, member, django_assert_max_num_queries
):
    for minutes in range(5):
        make_question(author=member, title=f"Q {minutes}", when=NOW - timedelta(minutes=minutes))

    with django_assert_max_num_queries(4):
        safety.posting_allowed_at(author=member, kind="question", now=NOW)


# Double submits.


def test_the_same_question_a_moment_later_is_a_duplicate(member):
    topic = make_question(author=member, when=NOW - timedelta(minutes=1))

    duplicate = safety.recent_duplicate(
        author=member, title=topic.title, body=topic.opening_post.body, now=NOW
    )

    assert duplicate == topic.opening_post


def test_the_same_question_by_another_member_is_not_a_duplicate(member, other_member):
    topic = make_question(author=member, when=NOW - timedelta(minutes=1))

    assert (
        safety.recent_duplicate(
            author=other_member, title=topic.title, body=topic.opening_post.body, now=NOW
        )
        is None
    )


def test_the_same_question_asked_again_much_later_is_not_a_duplicate(member):
    topic = make_question(author=member, when=NOW - timedelta(hours=2))

    assert (
        safety.recent_duplicate(
            author=member, title=topic.title, body=topic.opening_post.body, now=NOW
        )
        is None
    )


def test_the_same_reply_on_another_question_is_not_a_duplicate(member, question):
    other = make_question(title="Another question entirely")
    reply = make_reply(topic=question, author=member, when=NOW - timedelta(minutes=1))

    assert safety.recent_duplicate(author=member, topic=other, body=reply.body, now=NOW) is None
    assert safety.recent_duplicate(author=member, topic=question, body=reply.body, now=NOW) == reply
