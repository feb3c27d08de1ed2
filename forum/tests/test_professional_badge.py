"""The badge of a verified health professional beside their name, wherever the forum
shows it, while the verification lasts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests.factories import MemberFactory
from accounts.tests.professionals import lapsed, verified
from forum.models import Notification
from forum.tests.factories import make_question, make_reply

BADGE = "Verified Neurologist"


def test_the_badge_is_beside_the_name_on_posts(client, member):
    topic = make_question(author=verified(member), title="Does creatine help?")

    response = client.get(topic.get_absolute_url())

    assertContains(response, BADGE)


def test_the_badge_is_on_the_profile(client, member):
    verified(member)

    response = client.get(reverse("members:profile", args=[member.username]))

    assertContains(response, BADGE)


def test_the_badge_is_in_question_lists(client, member, category):
    make_question(author=verified(member), category=category, title="Does creatine help?")

    response = client.get(category.get_absolute_url())

    assertContains(response, "Does creatine help?")
    assertContains(response, BADGE)


def test_the_badge_is_in_notifications(client, member, other_member):
    topic = make_question(author=other_member, title="Does creatine help?")
    reply = make_reply(topic=topic, author=verified(member), body="It can, a little.")
    Notification.objects.create(recipient=other_member, post=reply, reason="reply")
    client.force_login(other_member)

    response = client.get(reverse("forum:notifications"))

    assertContains(response, "patient_pat replied to")
    assertContains(response, BADGE)


def test_the_badge_disappears_by_itself_once_it_lapses(client, member):
    topic = make_question(author=lapsed(member), title="Does creatine help?")

    post_page = client.get(topic.get_absolute_url())
    profile = client.get(reverse("members:profile", args=[member.username]))

    assertContains(post_page, "patient_pat")
    assertNotContains(post_page, BADGE)
    assertNotContains(profile, BADGE)


def test_the_badge_lasts_through_its_last_day(client, member):
    topic = make_question(author=verified(member, until=timezone.localdate()))

    response = client.get(topic.get_absolute_url())

    assertContains(response, BADGE)


def test_the_badge_costs_no_queries(client, member, other_member):
    plain = make_question(author=other_member, title="Plain question", slug="plain")
    make_reply(topic=plain, author=MemberFactory(username="plain_paul"))
    badged = make_question(author=verified(member), title="Badged question", slug="badged")
    make_reply(topic=badged, author=verified(MemberFactory(username="nurse_nia")))

    with CaptureQueriesContext(connection) as plain_queries:
        client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as badged_queries:
        response = client.get(badged.get_absolute_url())

    assertContains(response, BADGE)
    assert len(badged_queries) == len(plain_queries)
