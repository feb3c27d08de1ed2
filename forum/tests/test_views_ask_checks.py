"""
What a question or a reply goes through on the way in: the honeypot, hourly limits,
no links from members still under review, a notice for emergencies, and double
submits posted once.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from forum.models import Post, Topic
from forum.tests.factories import make_question, make_reply

ASK_URL = "/forum/ask/"
BODY = "I was diagnosed last month and wonder what to expect."
REPLY = "It took me about a year to climb stairs again."


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


# The honeypot.


def test_a_filled_honeypot_posts_nothing_and_explains_it(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "homepage": "http://spam.example"})

    assert response.status_code == 200
    assert not Topic.objects.exists()
    assertContains(response, "the way automated programs fill in forms")
    assertContains(response, f"{BODY}</textarea>")
    assertNotContains(response, "spam.example")


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, db):
    response = client.get(ASK_URL)

    assertContains(response, '<div class="field field--honeypot">')
    assertContains(
        response, '<div aria-hidden="true"><label for="id_homepage">Leave this field empty:'
    )
    assertContains(response, 'tabindex="-1" autocomplete="off"')


# Rate limits.


@pytest.fixture
def strict_limits(settings):
    settings.ASKWELL_RATE_LIMITS = {
        "question": {"trusted": 2, "under_review": 1},
        "reply": {"trusted": 2, "under_review": 1},
    }


def test_a_member_over_the_hourly_limit_is_told_when_they_may_post_again(
    client, member, typed, strict_limits, settings
):
    settings.TIME_ZONE = "Europe/Paris"
    asked = timezone.now() - timedelta(minutes=10)
    make_question(author=member, title="An earlier question", state=Post.State.PENDING, when=asked)
    client.force_login(member)

    response = client.post(ASK_URL, typed)

    again = timezone.localtime(asked + timedelta(hours=1), ZoneInfo("Europe/Paris"))
    assert response.status_code == 429
    assert Topic.objects.count() == 1
    assertContains(response, f"You can post again at {again:%H:%M}.", status_code=429)
    assertContains(response, f"{BODY}</textarea>", status_code=429)


def test_a_trusted_member_has_a_higher_limit(client, member, typed, strict_limits):
    make_question(
        author=member, title="An earlier question", when=timezone.now() - timedelta(days=2)
    )
    make_question(author=member, title="Another question", when=timezone.now() - timedelta(days=2))
    make_question(author=member, title="A recent question")
    client.force_login(member)

    response = client.post(ASK_URL, typed)

    assert response.status_code == 302


def test_a_moderator_is_not_rate_limited(client, moderator, typed, strict_limits):
    make_question(author=moderator, title="Forum notice one")
    make_question(author=moderator, title="Forum notice two")
    client.force_login(moderator)

    response = client.post(ASK_URL, typed)

    assert response.status_code == 302


def test_a_member_over_the_reply_limit_is_refused_with_429(client, member, question, strict_limits):
    make_reply(topic=question, author=member, state=Post.State.PENDING)
    client.force_login(member)

    response = client.post(reply_url(question), {"body": REPLY})

    assert response.status_code == 429
    assert question.posts.count() == 2
    assertContains(response, "You can post again at", status_code=429)
    assertContains(response, f"{REPLY}</textarea>", status_code=429)


# Links from members still under review.


def test_a_member_under_review_cannot_post_a_link(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "body": BODY + " See https://example.org"})

    assert response.status_code == 200
    assert not Topic.objects.exists()
    assert response.context["form"].has_error("body", "link_under_review")
    assertContains(response, "once a moderator has approved your first posts")
    assertContains(response, "See https://example.org</textarea>")


def test_a_trusted_member_may_post_a_link(client, member, typed):
    make_question(author=member, title="An earlier question")
    make_question(author=member, title="Another earlier question")
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "body": BODY + " See https://example.org"})

    assert response.status_code == 302


def test_a_member_under_review_cannot_reply_with_an_email_link(client, member, question):
    client.force_login(member)

    response = client.post(reply_url(question), {"body": REPLY + " <pat@example.org>"})

    assert response.status_code == 200
    assert question.posts.count() == 1
    assertContains(response, "once a moderator has approved your first posts")


# Emergencies.

EMERGENCY_BODY = "Since this morning I have chest pain and my arms are weak."


def test_a_question_mentioning_an_emergency_is_not_posted_at_first(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "body": EMERGENCY_BODY})

    assert response.status_code == 200
    assert not Topic.objects.exists()
    assertContains(response, 'role="alert" aria-labelledby="emergency-title"')
    assertContains(response, "112 in Europe, 999 in the UK, 911 in the US")
    assertContains(response, "Samaritans on 116 123")
    assertContains(response, "not watched around the clock")
    assertContains(response, f"{EMERGENCY_BODY}</textarea>")
    assertContains(response, '<button type="submit" name="acknowledged" value="1"')


def test_a_question_mentioning_an_emergency_can_still_be_posted(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "body": EMERGENCY_BODY, "acknowledged": "1"})

    assert response.status_code == 302
    assert Topic.objects.get().opening_post.body == EMERGENCY_BODY


def test_an_emergency_in_the_title_is_noticed_too(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "title": "Is feeling suicidal common with this?"})

    assert not Topic.objects.exists()
    assertContains(response, "crisis line")


def test_an_ordinary_question_shows_no_emergency_message(client, member, typed):
    client.force_login(member)

    response = client.get(ASK_URL)

    assertNotContains(response, "Post my question anyway")


def test_a_reply_mentioning_an_emergency_asks_first_then_posts(client, member, question):
    client.force_login(member)
    body = "I think my father took too many pills, what should I do?"

    first = client.post(reply_url(question), {"body": body})
    second = client.post(reply_url(question), {"body": body, "acknowledged": "1"})

    assertContains(first, "Post my reply anyway")
    assertContains(first, f"{body}</textarea>")
    assert second.status_code == 302
    assert question.posts.filter(body=body).count() == 1


# Double submits.


def test_a_double_submitted_question_is_posted_once(client, member, typed):
    client.force_login(member)

    client.post(ASK_URL, typed)
    response = client.post(ASK_URL, typed, follow=True)

    topic = Topic.objects.get()
    assert (
        response.redirect_chain[0][0] == f"{topic.get_absolute_url()}#post-{topic.opening_post.pk}"
    )
    assertContains(response, "You had already posted this question; here it is.")


def test_a_double_submitted_reply_is_posted_once(client, member, question):
    client.force_login(member)

    client.post(reply_url(question), {"body": REPLY})
    response = client.post(reply_url(question), {"body": REPLY}, follow=True)

    assert question.posts.filter(body=REPLY).count() == 1
    assertContains(response, "You had already posted this reply; here it is.")


def test_the_same_reply_to_two_questions_is_posted_twice(client, member, question):
    other = make_question(title="Another question altogether")
    client.force_login(member)

    client.post(reply_url(question), {"body": REPLY})
    client.post(reply_url(other), {"body": REPLY})

    assert Post.objects.filter(body=REPLY).count() == 2
