"""
Questions asked anonymously: the question and its asker's posts in it are signed
"Anonymous member" everywhere the site shows an author (Post.display_author), and
nothing leads from them to the asker's profile, or from the profile to them.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests import professionals
from forum import answers, asking
from forum.models import Post
from forum.notifications import follows
from forum.notifications.tasks import notify_followers
from forum.tests.factories import make_question, make_reply

ASKED_AT = timezone.make_aware(datetime.datetime(2026, 2, 3, 4, 5))
TITLE = "Is it normal to feel this low after diagnosis?"


@pytest.fixture
def anonymous_question(member, category, settings):
    """`member` (patient_pat), trusted, asks anonymously: published at once."""
    settings.ASKWELL_APPROVALS_BEFORE_TRUST = 0
    return asking.ask_question(
        author=member,
        category=category,
        title=TITLE,
        body="Since my diagnosis I cry most days and can't tell anyone at home.",
        anonymous=True,
        now=ASKED_AT,
    )


@pytest.fixture
def askers_reply(anonymous_question, member):
    return asking.reply(
        author=member,
        topic=anonymous_question,
        body="Thank you all, it helps to read this.",
        now=ASKED_AT + datetime.timedelta(hours=1),
    )


def test_asking_anonymously_marks_the_question_and_its_opening_post(anonymous_question):
    assert anonymous_question.is_anonymous
    assert anonymous_question.opening_post.is_anonymous


def test_the_askers_replies_in_it_are_anonymous_too(askers_reply):
    assert askers_reply.is_anonymous


def test_other_members_replies_in_it_are_signed_with_their_names(
    anonymous_question, other_member, settings
):
    reply = asking.reply(
        author=other_member, topic=anonymous_question, body="You are not alone in this."
    )

    assert not reply.is_anonymous
    assert reply.display_author == "other_olga"


def test_the_askers_replies_elsewhere_keep_their_name(anonymous_question, member, question):
    reply = asking.reply(author=member, topic=question, body="I had the same worry last year.")

    assert not reply.is_anonymous


def test_the_author_is_shown_as_anonymous_member(anonymous_question):
    assert anonymous_question.asker_display == "Anonymous member"
    assert anonymous_question.public_asker is None


@pytest.mark.parametrize("viewer", [None, "other_member", "suspended_member", "moderator"])
def test_the_question_page_never_names_or_links_the_asker(
    client, request, anonymous_question, askers_reply, viewer
):
    if viewer:
        client.force_login(request.getfixturevalue(viewer))

    response = client.get(anonymous_question.get_absolute_url())

    assertContains(response, 'member-name--unnamed">Anonymous member<', count=2)
    assertNotContains(response, "patient_pat")
    assertNotContains(response, reverse("members:profile", args=["patient_pat"]))


def test_the_asker_sees_that_only_they_and_moderators_know(client, member, anonymous_question):
    client.force_login(member)

    response = client.get(anonymous_question.get_absolute_url())

    assertContains(response, "only you and the moderators know")


def test_the_question_shows_no_avatar_initials_or_badge_of_the_asker(
    client, member, anonymous_question
):
    professionals.verified(member)

    response = client.get(anonymous_question.get_absolute_url())

    assertNotContains(response, ">PA<")  # patient_pat's initials
    assertNotContains(response, "Verified Neurologist")
    assertContains(response, "avatar--nobody")


def test_the_question_address_does_not_name_the_asker(anonymous_question):
    assert "patient" not in anonymous_question.get_absolute_url()


def test_lists_say_asked_by_anonymous_member(client, anonymous_question):
    response = client.get(anonymous_question.category.get_absolute_url())

    assertContains(response, "asked by Anonymous member")
    assertNotContains(response, "patient_pat")


def test_the_askers_profile_neither_lists_nor_counts_it(
    client, member, anonymous_question, askers_reply
):
    response = client.get(reverse("members:profile", args=[member.username]))

    assertNotContains(response, TITLE)
    assertContains(response, "0 published posts")


def test_the_askers_profile_shows_no_date_of_it(client, member, anonymous_question):
    response = client.get(reverse("members:profile", args=[member.username]))

    assertNotContains(response, "2026-02-03")
    assertNotContains(response, "3 Feb 2026")


def test_helpful_marks_on_anonymous_replies_are_not_counted_on_the_profile(
    client, member, other_member, question
):
    topic = asking.ask_question(
        author=member,
        category=question.category,
        title="A private question of mine",
        body="Something I would rather not sign with my name.",
        anonymous=True,
    )
    Post.objects.filter(topic=topic).update(state=Post.State.APPROVED)
    reply = make_reply(topic=topic, author=member)
    Post.objects.filter(pk=reply.pk).update(is_anonymous=True)
    make_reply(topic=topic, author=other_member)
    answers.mark_helpful(post=reply, member=other_member)

    response = client.get(reverse("members:profile", args=[member.username]))

    assertContains(response, "0 helpful marks received")


def test_the_feed_names_no_asker(client, anonymous_question):
    response = client.get(reverse("forum:feed"))

    assertContains(response, TITLE)
    assertNotContains(response, "patient_pat")


def test_notification_email_to_followers_does_not_name_the_asker(
    anonymous_question, other_member, follower
):
    follows.follow_category(member=follower, category=anonymous_question.category)

    notify_followers.enqueue(anonymous_question.opening_post_id)

    assert len(mail.outbox) == 1
    assert "patient_pat" not in mail.outbox[0].body
    assert "Anonymous member asked a question in" in mail.outbox[0].body
    assert "patient_pat" not in mail.outbox[0].subject


def test_notification_email_of_the_askers_reply_does_not_name_them(
    anonymous_question, askers_reply, follower
):
    follows.follow_topic(member=follower, topic=anonymous_question)

    notify_followers.enqueue(askers_reply.pk)

    assert "patient_pat" not in mail.outbox[0].body
    assert "Anonymous member replied" in mail.outbox[0].body


def test_the_followers_notification_list_does_not_name_the_asker(
    client, anonymous_question, follower
):
    follows.follow_category(member=follower, category=anonymous_question.category)
    notify_followers.enqueue(anonymous_question.opening_post_id)
    client.force_login(follower)

    response = client.get(reverse("forum:notifications"))

    assertContains(response, "Anonymous member")
    assertNotContains(response, "patient_pat")


def test_the_ask_form_asks_anonymously_when_ticked(client, member, typed, settings):
    settings.ASKWELL_APPROVALS_BEFORE_TRUST = 0
    client.force_login(member)

    client.post(reverse("forum:ask"), {**typed, "anonymous": "on", "action": "post"})

    post = Post.objects.get(author=member)
    assert post.is_anonymous
    assert post.topic.is_anonymous


def test_the_ask_form_signs_with_the_username_by_default(client, member, typed):
    client.force_login(member)

    client.post(reverse("forum:ask"), {**typed, "action": "post"})

    assert not Post.objects.get(author=member).is_anonymous


def test_a_question_by_a_former_member_is_signed_former_member(db):
    topic = make_question()
    Post.objects.filter(pk=topic.opening_post_id).update(author=None)
    topic.opening_post.refresh_from_db()

    assert topic.asker_display == "Former member"
    assert topic.public_asker is None


def test_the_sitemap_names_no_asker_and_lists_no_profile(client, anonymous_question):
    response = client.get("/sitemap.xml")

    assertContains(response, anonymous_question.get_absolute_url())
    assertNotContains(response, "patient_pat")
    assertNotContains(response, "/members/")
