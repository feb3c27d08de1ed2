"""
The question page read through forum.question_page (what every reader sees, kept in
the cache; what the page shows about the member, in one query) shows what the page
read from the database shows, to every kind of viewer, and follows every change.
"""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.avatars import process_avatar
from accounts.services import update_profile
from accounts.tests.factories import PASSWORD, MemberFactory
from articles import generations
from forum import drafts, question_page
from forum.models import Flag, HelpfulVote, Post, TopicSubscription
from forum.notifications import follows
from forum.search.index import reindex_topic
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.django_db

# What differs between two requests for the same page: each form's masked CSRF token
# and each page's script nonce.
PER_REQUEST = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce=")[^"]*"')


def same_for_every_request(html):
    return PER_REQUEST.sub(r'\1"', html)


@pytest.fixture
def thread(member, other_member):
    """A question with 25 replies (two pages), the member's marks, flag, follow and
    draft on it, and an answer that helped."""
    topic = make_question(author=other_member, title="Does IVIG help with the weakness?")
    replies = [
        make_reply(topic=topic, author=MemberFactory(), body=f"Reply number {n}", index=False)
        for n in range(25)
    ]
    reindex_topic(topic)
    HelpfulVote.objects.create(post=replies[1], member=member)
    Post.objects.filter(pk=replies[1].pk).update(helpful_count=1)
    Flag.objects.create(post=replies[2], flagger=member, reason=Flag.Reason.SPAM)
    TopicSubscription.objects.create(topic=topic, member=member)
    drafts.save_draft(author=member, topic=topic, body="My half-written reply")
    topic.accepted_answer = replies[3]
    topic.save(update_fields=["accepted_answer"])
    return topic, replies


def page(user, url, *, from_database, monkeypatch):
    with monkeypatch.context() as patch:
        if from_database:
            patch.setattr(question_page, "public_page", lambda *args, **kwargs: None)
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
    assert response.status_code == 200
    return same_for_every_request(response.content.decode())


VIEWERS = ["anonymous", "member", "other_member", "suspended_member", "unverified_member"]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("query", ["", "?page=2", "?sort=helpful", "?page=0", "?page=x"])
def test_every_viewer_sees_what_the_database_shows(thread, viewer, query, request, monkeypatch):
    topic, _replies = thread
    user = None if viewer == "anonymous" else request.getfixturevalue(viewer)
    url = topic.get_absolute_url() + query

    kept = page(user, url, from_database=False, monkeypatch=monkeypatch)
    again = page(user, url, from_database=False, monkeypatch=monkeypatch)
    read = page(user, url, from_database=True, monkeypatch=monkeypatch)

    assert kept == read
    assert again == read


def test_the_members_own_marks_draft_and_follow_are_on_the_kept_page(thread, member):
    topic, replies = thread
    client = Client()
    client.force_login(member)
    client.get(topic.get_absolute_url())

    response = client.get(topic.get_absolute_url())

    text = response.content.decode()
    assert "My half-written reply" in text
    assert "Stop following" in text
    marked = {post.pk for post in response.context["page"].object_list if post.helpful_by_me}
    flagged = {post.pk for post in response.context["page"].object_list if post.flagged_by_me}
    assert marked == {replies[1].pk}
    assert flagged == {replies[2].pk}


def test_a_members_own_pending_reply_is_on_their_page_and_no_one_elses(
    thread, member, other_member
):
    topic, _replies = thread
    Client().get(topic.get_absolute_url() + "?page=2")  # what every reader sees is kept
    waiting = make_reply(topic=topic, author=member, body="Mine, waiting for review")
    Post.objects.filter(pk=waiting.pk).update(state=Post.State.PENDING)
    last = topic.get_absolute_url() + "?page=2"

    pages = {}
    for viewer in (member, other_member):
        client = Client()
        client.force_login(viewer)
        pages[viewer] = client.get(last).content.decode()

    assert "Mine, waiting for review" in pages[member]
    assert "Mine, waiting for review" not in pages[other_member]


def test_a_moderator_sees_what_readers_do_not(thread, moderator_client):
    topic, replies = thread
    Client().get(topic.get_absolute_url())
    Post.objects.filter(pk=replies[0].pk).update(state=Post.State.HIDDEN)

    response = moderator_client.get(topic.get_absolute_url())

    assert replies[0].pk in {post.pk for post in response.context["page"].object_list}


def test_a_members_page_shown_again_takes_three_queries_and_one_for_a_draft(
    thread, member, django_assert_num_queries
):
    """The session, the member and what the page shows about them; their draft's text
    when they have one."""
    topic, _replies = thread
    client = Client()
    client.force_login(member)
    client.get(topic.get_absolute_url())

    with django_assert_num_queries(4):
        assert client.get(topic.get_absolute_url()).status_code == 200
    drafts.discard_draft(author=member, topic=topic)
    with django_assert_num_queries(3):
        assert client.get(topic.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("number", ["51", "1000000", "99999999999999999999", "-3", "2.5"])
def test_a_page_number_beyond_the_kept_pages_is_read_from_the_database(thread, member, number):
    topic, replies = thread
    client = Client()
    client.force_login(member)

    response = client.get(topic.get_absolute_url() + "?page=" + number)

    assert response.status_code == 200
    # Past the end (and below 1): the last page, as the paginator answers.
    expected = 1 if number == "2.5" else 2
    assert response.context["page"].number == expected


def test_a_question_readers_may_not_open_is_not_found_for_members(member, other_member):
    waiting = make_question(author=other_member, state=Post.State.PENDING)
    client = Client()
    client.force_login(member)

    assert client.get(waiting.get_absolute_url()).status_code == 404
    assert client.get(waiting.get_absolute_url()).status_code == 404


def test_a_question_that_does_not_exist_is_not_found(member, question):
    client = Client()
    client.force_login(member)
    url = reverse(
        "forum:topic",
        kwargs={"category_slug": question.category.slug, "pk": question.pk + 999, "slug": "x"},
    )

    assert client.get(url).status_code == 404


# Members' public faces: every question's page shows them.


def test_a_sign_in_keeps_what_is_kept_for_readers(member, question):
    before = generations.current(["faces"])
    Client().post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    member.refresh_from_db()

    assert member.last_login is not None
    assert generations.current(["faces"]) == before


# What the page shows about the member, in one query, against forum.queries' own.


@pytest.mark.parametrize("viewer", ["member", "other_member", "unverified_member"])
def test_the_members_state_is_what_the_models_say(thread, viewer, request):
    topic, replies = thread
    user = request.getfixturevalue(viewer)
    Flag.objects.create(
        post=replies[4], flagger=user, reason=Flag.Reason.SPAM, resolved_at="2026-01-01T00:00Z"
    )
    shown = [topic.opening_post, *replies[:20]]

    ids = [post.pk for post in shown]

    state = question_page.member_state(user, topic, shown)

    helpful = HelpfulVote.objects.filter(member=user, post__in=ids)
    flagged = Flag.objects.filter(flagger=user, post__in=ids, resolved_at__isnull=True)
    assert state.helpful == set(helpful.values_list("post", flat=True))
    assert state.flagged == set(flagged.values_list("post", flat=True))
    assert state.following == follows.is_following_topic(user, topic)
    assert state.has_draft == (drafts.get_draft(author=user, topic=topic) is not None)
    assert state.has_verified_email == user.has_verified_email()
    assert state.has_unpublished_posts is False


@pytest.mark.parametrize(
    ("state", "unpublished"),
    [
        (Post.State.PENDING, True),
        (Post.State.REJECTED, True),
        (Post.State.HIDDEN, True),
        (Post.State.APPROVED, False),
        (Post.State.REMOVED, False),
    ],
)
def test_a_members_posts_readers_do_not_see_are_found(thread, member, state, unpublished):
    topic, _replies = thread
    make_reply(topic=topic, author=member, state=state)

    found = question_page.member_state(member, topic, [topic.opening_post])

    assert found.has_unpublished_posts is unpublished


def test_a_member_with_an_unverified_address_only_is_unverified(member, question):
    EmailAddress.objects.filter(user=member).update(verified=False)

    state = question_page.member_state(member, question, [question.opening_post])

    assert state.has_verified_email is False


def test_a_new_password_or_a_suspension_keeps_what_is_kept_for_readers(member):
    before = generations.current(["faces"])
    member.set_password("another long passphrase")
    member.save()
    member.is_suspended = True
    member.save()

    assert generations.current(["faces"]) == before


def test_a_new_name_or_avatar_renews_what_is_kept_for_readers(member, media_root):
    picture = io.BytesIO()
    Image.new("RGB", (50, 50), "blue").save(picture, format="PNG")
    before = generations.current(["faces"])
    member.username = "renamed_member"
    member.save()
    renamed = generations.current(["faces"])
    avatar = process_avatar(SimpleUploadedFile("me.png", picture.getvalue()))
    update_profile(member=member, bio="", avatar=avatar)

    assert len({*before, *renamed, *generations.current(["faces"])}) == 3
