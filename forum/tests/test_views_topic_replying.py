"""Replying on a question's page: the form, where a new reply lands, and who is told
why they may not reply."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import Post
from forum.paging import post_url as _post_url
from forum.tests.factories import make_replies, make_reply

REPLY = "I had the same question after my diagnosis."


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


def landing(client, response):
    """Where the redirect after posting takes the member in the end: the post's lasting
    link, then the page that shows the post."""
    assert response.status_code == 302
    assert response.url.startswith("/forum/posts/")
    return client.get(response.url).url


# Replying.


def test_a_member_sees_the_reply_form(client, other_member, question):
    client.force_login(other_member)

    response = client.get(question.get_absolute_url())

    assertContains(response, f'action="{reply_url(question)}"')


def test_an_anonymous_visitor_is_invited_to_sign_in_to_reply(client, question):
    response = client.get(question.get_absolute_url())

    assertNotContains(response, f'action="{reply_url(question)}"')
    assertContains(response, "</a> to reply.")


def test_an_anonymous_reply_is_sent_to_sign_in_and_back_to_the_question(client, question):
    response = client.post(reply_url(question), {"body": REPLY})

    expected = (
        f"{reverse('account_login')}?{urlencode({'next': question.get_absolute_url()}, safe='/')}"
    )
    assertRedirects(response, expected, fetch_redirect_response=False)
    assert question.posts.count() == 1


def test_opening_the_reply_form_posts_nothing(client, other_member, question):
    client.force_login(other_member)

    assert client.get(reply_url(question)).status_code == 200
    assert question.posts.count() == 1
    assert client.put(reply_url(question)).status_code == 405


def test_a_refused_reply_keeps_the_text_and_shows_the_error(client, other_member, question):
    client.force_login(other_member)

    response = client.post(reply_url(question), {"body": "Thanks <3"})

    assert response.status_code == 200
    assert question.posts.count() == 1
    assert response.context["reply_form"].has_error("body", "min_length")
    assertContains(response, '<ul class="errorlist" id="id_body_error">')
    assertContains(response, "Thanks &lt;3</textarea>")


def test_a_new_members_reply_lands_on_its_anchor_marked_waiting_for_review(
    client, other_member, question
):
    client.force_login(other_member)

    response = client.post(reply_url(question), {"body": REPLY})

    post = Post.objects.get(body=REPLY)
    assert post.state == Post.State.PENDING
    url = landing(client, response)
    assert url == f"{question.get_absolute_url()}#post-{post.pk}"
    page = client.get(url)
    assertContains(page, "Thank you. Your reply will appear once a moderator has reviewed it.")
    assertContains(page, f'id="post-{post.pk}"')
    assertContains(page, "Waiting for review: only you and the moderators can see this")


def test_a_trusted_members_reply_is_published_at_once(client, moderator, question):
    client.force_login(moderator)

    response = client.post(reply_url(question), {"body": REPLY}, follow=True)

    assertContains(response, "Your reply is published.")
    assert question.posts.get(body=REPLY).state == Post.State.APPROVED


def test_a_reply_on_a_later_page_lands_on_that_page(client, settings, moderator, question):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 4)
    client.force_login(moderator)

    response = client.post(reply_url(question), {"body": REPLY})

    post = Post.objects.get(body=REPLY)
    url = landing(client, response)
    assert url == f"{question.get_absolute_url()}?page=3#post-{post.pk}"
    page = client.get(url.split("#")[0])
    assert post in page.context["page"].object_list


def test_a_reply_lands_on_its_page_even_when_an_earlier_reply_commits_after_it(
    client, settings, moderator, question
):
    """Another member's reply, begun earlier and committed just after this one, goes
    before it: the page is worked out when the member follows the redirect."""
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 1)
    client.force_login(moderator)
    response = client.post(reply_url(question), {"body": REPLY})
    post = Post.objects.get(body=REPLY)
    make_reply(topic=question, when=post.created_at - timezone.timedelta(seconds=1))

    url = landing(client, response)

    assert url == f"{question.get_absolute_url()}?page=2#post-{post.pk}"
    page = client.get(url.split("#")[0])
    assert post in page.context["page"].object_list


def test_a_posts_lasting_link_is_not_found_by_those_who_may_not_see_it(
    client, other_member, question
):
    pending = make_reply(topic=question, state=Post.State.PENDING)

    assert client.get(reverse("forum:post", args=[pending.pk])).status_code == 404
    client.force_login(other_member)
    assert client.get(reverse("forum:post", args=[pending.pk])).status_code == 404
    assert client.get(reverse("forum:post", args=[999999])).status_code == 404


def test_the_page_of_a_pending_reply_counts_only_what_its_author_sees(
    client, settings, other_member, question
):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 2)
    # Hidden from the replying member, so not on their pages.
    make_reply(topic=question, state=Post.State.PENDING, body="Someone else's pending reply.")
    client.force_login(other_member)

    response = client.post(reply_url(question), {"body": REPLY})

    post = Post.objects.get(body=REPLY)
    url = landing(client, response)
    assert url == f"{question.get_absolute_url()}?page=2#post-{post.pk}"
    page = client.get(url.split("#")[0])
    assert list(page.context["page"].object_list) == [post]


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("suspended_member", "Your account is suspended, so you can't post for now."),
        ("unverified_member", "Please confirm your e-mail address before you post."),
    ],
)
def test_a_restricted_member_sees_why_instead_of_the_reply_form(
    client, request, question, who, message
):
    client.force_login(request.getfixturevalue(who))

    response = client.get(question.get_absolute_url())

    assertContains(response, message)
    assertNotContains(response, f'action="{reply_url(question)}"')


@pytest.mark.parametrize("who", ["suspended_member", "unverified_member"])
def test_a_restricted_members_reply_is_refused(client, request, question, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reply_url(question), {"body": REPLY})

    assert response.status_code == 403
    assert question.posts.count() == 1


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("suspended_member", "Your account is suspended, so you can't post for now."),
        ("unverified_member", "Please confirm your e-mail address before you post."),
    ],
)
def test_a_restricted_members_refused_reply_keeps_the_text(client, request, question, who, message):
    # Restricted while the page was open: the notice explains, the text is not lost.
    client.force_login(request.getfixturevalue(who))

    response = client.post(reply_url(question), {"body": REPLY})

    assertContains(response, message, status_code=403)
    assertContains(response, f"{REPLY}</textarea>", status_code=403)


def test_the_author_of_a_pending_question_is_told_replies_open_later(
    client, member, pending_question
):
    client.force_login(member)

    response = client.get(pending_question.get_absolute_url())

    assertContains(response, "Replies open once this question is published.")
    assertNotContains(response, f'action="{reply_url(pending_question)}"')


def test_a_reply_to_a_pending_question_is_refused(client, moderator, pending_question):
    client.force_login(moderator)

    response = client.post(reply_url(pending_question), {"body": REPLY})

    assert response.status_code == 403
    assert pending_question.posts.count() == 1


def test_a_reply_to_someone_elses_pending_question_is_not_found(
    client, other_member, pending_question
):
    client.force_login(other_member)

    response = client.post(reply_url(pending_question), {"body": REPLY})

    assert response.status_code == 404
    assert pending_question.posts.count() == 1


def test_replies_written_at_the_same_instant_land_on_the_page_that_shows_them(
    client, settings, member, question
):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    when = timezone.now()
    replies = [make_reply(topic=question, when=when) for _ in range(3)]

    url = _post_url(member, replies[2])

    assert url == f"{question.get_absolute_url()}?page=2#post-{replies[2].pk}"
    client.force_login(member)
    page = client.get(url.split("#")[0])
    assert replies[2] in page.context["page"].object_list
