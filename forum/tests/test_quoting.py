"""Quoting a post in a reply: the link on each post, the reply box it fills in, and
what is never quoted."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from forum import drafts, quoting
from forum.models import Post, Topic
from forum.tests.factories import make_question, make_reply

from . import hidden

HIDDEN_STATES = [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN]


def reply_url(topic):
    return reverse("forum:reply", args=[topic.category.slug, topic.pk, topic.slug])


def quote_link(topic, post):
    return f"{reply_url(topic)}?quote={post.pk}#reply-title"


def box(response):
    return response.context["reply_form"].initial.get("body", "")


@pytest.fixture
def quoted_reply(pats_question, other_member):
    return make_reply(
        topic=pats_question,
        author=other_member,
        body="Pacing myself helped most.\n\nI rest *before* I get tired, see [my notes](https://example.org/notes).",
    )


# The quote itself.


def test_a_quote_links_to_the_post_and_quotes_its_words(quoted_reply):
    text = quoting.quote_markdown(quoted_reply)

    assert text.startswith(f"[other\\_olga wrote](/forum/posts/{quoted_reply.pk}/):\n\n")
    assert "> Pacing myself helped most.\n>\n> I rest before I get tired, see my notes." in text


def test_a_long_post_is_quoted_in_part_ending_at_a_word(pats_question, other_member):
    long_reply = make_reply(topic=pats_question, author=other_member, body="word " * 200)

    text = quoting.quote_markdown(long_reply)

    assert text.rstrip().endswith("word…")
    assert len(text) < quoting.EXCERPT_LENGTH + 80


def test_markdown_and_html_in_the_quoted_text_stay_words(pats_question, other_member):
    reply = make_reply(
        topic=pats_question, author=other_member, body="Use `<script>` and **stars** _here_"
    )

    text = quoting.quote_markdown(reply)

    assert "> Use \\<script\\> and stars here" in text


def test_an_anonymous_askers_quote_does_not_name_them(member, category):
    topic = make_question(author=member, category=category, title="Asked without my name")
    Topic.objects.filter(pk=topic.pk).update(is_anonymous=True)
    Post.objects.filter(pk=topic.opening_post_id).update(is_anonymous=True)
    post = Post.objects.select_related("topic", "author").get(pk=topic.opening_post_id)

    text = quoting.quote_markdown(post)

    assert "patient" not in text
    assert text.startswith("[Anonymous member wrote]")


# The Quote link.


def test_members_who_may_reply_see_a_quote_link_on_each_post(client, member, quoted_reply):
    client.force_login(member)

    response = client.get(quoted_reply.topic.get_absolute_url())

    assertContains(response, quote_link(quoted_reply.topic, quoted_reply))
    assertContains(response, quote_link(quoted_reply.topic, quoted_reply.topic.opening_post))


@pytest.mark.parametrize("role", ["anonymous", "suspended_member"])
def test_who_may_not_reply_sees_no_quote_link(client, role, request, quoted_reply):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    response = client.get(quoted_reply.topic.get_absolute_url())

    assertNotContains(response, "?quote=")


def test_a_locked_question_shows_no_quote_link(client, member, quoted_reply):
    Topic.objects.filter(pk=quoted_reply.topic_id).update(is_locked=True)
    client.force_login(member)

    response = client.get(quoted_reply.topic.get_absolute_url())

    assertNotContains(response, "?quote=")


def test_the_quote_link_keeps_the_page_and_order_of_the_replies(
    client, member, quoted_reply, settings
):
    settings.ASKWELL_POSTS_PER_PAGE = 1
    second = make_reply(topic=quoted_reply.topic, body="A second reply to be on page two.")
    client.force_login(member)

    response = client.get(quoted_reply.topic.get_absolute_url() + "?page=2&sort=helpful")

    assert response.context["page"].number == 2
    assertContains(
        response,
        f"{reply_url(second.topic)}?quote={second.pk}&amp;page=2&amp;sort=helpful#reply-title",
    )


# Following it without script.


def test_the_link_opens_the_question_with_the_quote_in_the_reply_box(client, member, quoted_reply):
    client.force_login(member)

    response = client.get(quote_link(quoted_reply.topic, quoted_reply))

    assert response.status_code == 200
    assert box(response) == quoting.quote_markdown(quoted_reply)
    assertContains(response, "The reply box below starts with a quote of other_olga")


def test_the_quote_comes_after_the_reply_already_started(client, member, quoted_reply):
    client.force_login(member)
    drafts.save_draft(author=member, topic=quoted_reply.topic, body="I agree with this:")

    response = client.get(quote_link(quoted_reply.topic, quoted_reply))

    assert box(response) == "I agree with this:\n\n" + quoting.quote_markdown(quoted_reply)


def test_a_reply_with_a_quote_posts_for_a_member_whose_posts_are_reviewed(
    client, always_review_member, quoted_reply
):
    client.force_login(always_review_member)
    body = quoting.quote_markdown(quoted_reply) + "Same here, resting early helps me too."

    response = client.post(reply_url(quoted_reply.topic), {"body": body, "action": "post"})

    assert response.status_code == 302
    assert Post.objects.filter(author=always_review_member, body=body).exists()


def test_a_visitor_following_the_link_is_asked_to_sign_in_and_comes_back(client, quoted_reply):
    url = quote_link(quoted_reply.topic, quoted_reply).split("#")[0]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "quote%3D" in response.url


@pytest.mark.parametrize("value", ["", "abc", "-3", "0", "1.5", "99999999", "9" * 40])
def test_a_quote_of_nothing_we_know_is_ignored(client, member, quoted_reply, value):
    client.force_login(member)

    response = client.get(reply_url(quoted_reply.topic), {"quote": value})

    assert response.status_code == 200
    assert box(response) == ""


def test_a_nul_character_in_the_quote_is_a_bad_request_not_an_error(client, member, quoted_reply):
    client.force_login(member)

    response = client.get(reply_url(quoted_reply.topic), {"quote": "1\x00"})

    assert response.status_code == 400


def test_a_post_of_another_question_is_not_quoted(client, member, quoted_reply, question):
    client.force_login(member)

    response = client.get(reply_url(quoted_reply.topic), {"quote": question.opening_post_id})

    assert response.status_code == 200
    assert box(response) == ""


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_post_the_member_may_not_see_leaks_nothing(
    client, member, pats_question, other_member, state
):
    secret = hidden.reply(author=other_member, topic=pats_question, state=state)
    client.force_login(member)

    response = client.get(reply_url(pats_question), {"quote": secret.pk})

    assert response.status_code == 200
    assert box(response) == ""
    assertNotContains(response, secret.body)
    assertNotContains(response, "starts with a quote")


def test_members_own_pending_post_is_not_quoted(client, member, pats_question):
    own = hidden.reply(author=member, topic=pats_question, state=Post.State.PENDING)
    client.force_login(member)

    response = client.get(reply_url(pats_question), {"quote": own.pk})

    assert box(response) == ""


def test_a_suspended_member_following_the_link_gets_no_quote(
    client, suspended_member, quoted_reply
):
    client.force_login(suspended_member)

    response = client.get(quote_link(quoted_reply.topic, quoted_reply))

    assert response.status_code == 200
    assert box(response) == ""


def test_the_quote_page_asks_a_fixed_number_of_queries(
    client, member, quoted_reply, django_assert_max_num_queries
):
    client.force_login(member)
    with django_assert_max_num_queries(20):
        client.get(quote_link(quoted_reply.topic, quoted_reply))


# The script's way to the quote.


def test_the_script_gets_the_quote_as_json(client, member, quoted_reply):
    client.force_login(member)

    response = client.get(reverse("forum:post-quote", args=[quoted_reply.pk]))

    assert response.json() == {"text": quoting.quote_markdown(quoted_reply)}


def test_the_script_gets_nothing_for_a_visitor(client, quoted_reply):
    response = client.get(reverse("forum:post-quote", args=[quoted_reply.pk]))

    assert response.status_code == 403
    assert "text" not in response.json()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_the_script_gets_nothing_for_a_hidden_post(
    client, member, pats_question, other_member, state
):
    secret = hidden.reply(author=other_member, topic=pats_question, state=state)
    client.force_login(member)

    response = client.get(reverse("forum:post-quote", args=[secret.pk]))

    assert response.status_code == 404
    assert secret.body not in response.content.decode()


def test_the_script_gets_nothing_for_a_post_that_does_not_exist(client, member, db):
    client.force_login(member)

    response = client.get(reverse("forum:post-quote", args=[987654]))

    assert response.status_code == 404
