import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import Category, Post
from forum.paging import post_url as _post_url
from forum.tests.factories import make_question, make_reply

REPLY = "I had the same question after my diagnosis."


@pytest.fixture
def topic(member, category):
    return make_question(
        author=member,
        category=category,
        title="Does IVIG help with fatigue?",
        slug="does-ivig-help-with-fatigue",
        body="Six weeks in and I am still exhausted every afternoon.",
    )


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


def make_replies(topic, count, start=None):
    start = start or timezone.now() - datetime.timedelta(days=1)
    return [
        make_reply(
            topic=topic,
            body=f"Reply number {n:02d} from a member.",
            when=start + datetime.timedelta(minutes=n),
        )
        for n in range(1, count + 1)
    ]


# Addresses.


def test_a_question_has_a_readable_address(topic):
    assert topic.get_absolute_url() == (
        f"/forum/treatments-and-medication/{topic.pk}-does-ivig-help-with-fatigue/"
    )


def test_the_question_page_shows_the_question(client, topic):
    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, '<h1 class="topic-title">Does IVIG help with fatigue?</h1>', html=True)
    assertContains(
        response, "<p>Six weeks in and I am still exhausted every afternoon.</p>", html=True
    )
    assertContains(response, '<a href="/members/patient_pat/">patient_pat</a>', html=True)


def test_a_question_asked_from_an_article_links_back_to_it(client, article):
    topic = make_question(article=article)

    response = client.get(topic.get_absolute_url())

    assertContains(response, f'Asked about the article <a href="/articles/{article.slug}/">')


@pytest.mark.parametrize(
    "wrong",
    [
        "/forum/treatments-and-medication/{pk}-old-title/",
        "/forum/diagnosis-and-tests/{pk}-does-ivig-help-with-fatigue/",
    ],
    ids=["wrong-slug", "wrong-category"],
)
def test_a_wrong_category_or_slug_redirects_permanently_to_the_right_address(client, topic, wrong):
    response = client.get(wrong.format(pk=topic.pk))

    assertRedirects(response, topic.get_absolute_url(), status_code=301)


def test_a_moved_question_redirects_from_its_old_category(client, topic):
    old_url = topic.get_absolute_url()
    topic.category = Category.objects.get(slug="living-with-a-condition")
    topic.save()

    response = client.get(old_url)

    assertRedirects(
        response,
        f"/forum/living-with-a-condition/{topic.pk}-does-ivig-help-with-fatigue/",
        status_code=301,
    )


def test_the_redirect_keeps_the_page_number(client, topic):
    response = client.get(f"/forum/treatments-and-medication/{topic.pk}-old-title/?page=2")

    assert response.status_code == 301
    assert response["Location"] == f"{topic.get_absolute_url()}?page=2"


def test_an_unknown_question_is_not_found(client, db):
    response = client.get("/forum/treatments-and-medication/999999-no-such-question/")

    assert response.status_code == 404


def test_an_unknown_category_is_not_found(client, db):
    assert client.get("/forum/no-such-category/").status_code == 404


# Replies, page by page.


def test_replies_are_shown_oldest_first(client, question):
    make_replies(question, 3)

    response = client.get(question.get_absolute_url())

    bodies = [post.body for post in response.context["page"].object_list]
    assert bodies == [
        "Reply number 01 from a member.",
        "Reply number 02 from a member.",
        "Reply number 03 from a member.",
    ]
    assertContains(response, "3 replies")


def test_replies_are_split_into_pages(client, settings, question):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 5)

    response = client.get(f"{question.get_absolute_url()}?page=2")

    bodies = [post.body for post in response.context["page"].object_list]
    assert bodies == ["Reply number 03 from a member.", "Reply number 04 from a member."]
    assertContains(response, "Page 2 of 3")
    assertContains(response, '<a rel="prev" href="?page=1">Previous</a>', html=True)
    assertContains(response, '<a rel="next" href="?page=3">Next</a>', html=True)


def test_the_opening_post_is_not_counted_as_a_reply(client, question):
    response = client.get(question.get_absolute_url())

    assert list(response.context["page"].object_list) == []
    assertContains(response, "No replies yet.")
    assertContains(response, "0 replies")


@pytest.mark.parametrize(
    ("value", "expected_page"),
    [("abc", 1), ("0", 3), ("-1", 3), ("99999", 3), ("", 1), ("1.5", 1)],
)
def test_a_bad_page_number_shows_a_page_instead_of_an_error(
    client, settings, question, value, expected_page
):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 5)

    response = client.get(f"{question.get_absolute_url()}?{urlencode({'page': value})}")

    assert response.status_code == 200
    assert response.context["page"].number == expected_page


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999"])
def test_a_bad_page_number_on_a_category_shows_a_page_instead_of_an_error(client, question, value):
    response = client.get(f"{question.category.get_absolute_url()}?page={value}")

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [question]


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


def test_replying_needs_a_post_request(client, other_member, question):
    client.force_login(other_member)

    assert client.get(reply_url(question)).status_code == 405


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
    assert response.status_code == 302
    assert response.url == f"{question.get_absolute_url()}#post-{post.pk}"
    page = client.get(response.url)
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
    assert response.url == f"{question.get_absolute_url()}?page=3#post-{post.pk}"
    page = client.get(response.url.split("#")[0])
    assert post in page.context["page"].object_list


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
    assert response.url == f"{question.get_absolute_url()}?page=2#post-{post.pk}"
    page = client.get(response.url.split("#")[0])
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


# Ordering the replies, and the answer that helped.


def test_replies_can_be_shown_most_helpful_first(client, question):
    first, second, third = make_replies(question, 3)
    Post.objects.filter(pk=second.pk).update(helpful_count=5)
    Post.objects.filter(pk=third.pk).update(helpful_count=2)

    response = client.get(question.get_absolute_url(), {"sort": "helpful"})

    assert list(response.context["page"].object_list) == [second, third, first]
    assertContains(response, '<a href="?sort=helpful" aria-current="true">', html=False)


@pytest.mark.parametrize("value", ["", "newest", "helpful'", "-helpful_count"])
def test_an_unknown_sort_shows_the_oldest_first(client, question, value):
    replies = make_replies(question, 2)
    Post.objects.filter(pk=replies[1].pk).update(helpful_count=3)

    response = client.get(question.get_absolute_url(), {"sort": value})

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == replies


def test_the_order_is_kept_across_pages(client, settings, question):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    make_replies(question, 5)

    response = client.get(question.get_absolute_url(), {"sort": "helpful", "page": 2})

    assertContains(response, '<a rel="next" href="?sort=helpful&amp;page=3">Next</a>', html=True)
    assertContains(
        response, '<a rel="prev" href="?sort=helpful&amp;page=1">Previous</a>', html=True
    )


def test_the_helpful_count_is_shown_to_readers(client, question):
    reply = make_reply(topic=question)
    Post.objects.filter(pk=reply.pk).update(helpful_count=3)

    response = client.get(question.get_absolute_url())

    assertContains(response, "3 members found this helpful")


def test_the_answer_that_helped_is_not_shown_when_it_is_hidden(client, question):
    reply = make_reply(topic=question, body="An answer that a moderator is now checking.")
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)
    question.accepted_answer = reply
    question.save()

    response = client.get(question.get_absolute_url())

    assert response.context["accepted_answer"] is None
    assertNotContains(response, "An answer that a moderator is now checking.")
    assertNotContains(response, "The answer that helped the asker")


def test_a_hidden_post_is_explained_to_its_author(client, member, question):
    make_reply(topic=question, author=member, state=Post.State.HIDDEN)
    client.force_login(member)

    response = client.get(question.get_absolute_url())

    assertContains(response, "Hidden while moderators look at members' reports.")


# The category page: answered questions and the unanswered filter.


def answered_and_open(category):
    answered = make_question(category=category, title="A question that has its answer")
    reply = make_reply(topic=answered)
    answered.accepted_answer = reply
    answered.save()
    still_open = make_question(category=category, title="A question still waiting for help")
    return answered, still_open


def test_an_answered_question_is_marked_in_the_list(client, category):
    answered_and_open(category)

    response = client.get(category.get_absolute_url())

    assertContains(response, '<span class="badge badge--ok">Answered</span>', count=1, html=True)
    assertContains(response, "2 questions")


def test_the_category_can_show_only_unanswered_questions(client, category):
    _, still_open = answered_and_open(category)

    response = client.get(category.get_absolute_url(), {"show": "unanswered"})

    assert list(response.context["page"].object_list) == [still_open]
    assertContains(response, "1 unanswered question")
    assertContains(response, '<a href="?show=unanswered" aria-current="page">', html=False)


@pytest.mark.parametrize("value", ["", "answered", "UNANSWERED", "all'"])
def test_an_unknown_filter_shows_every_question(client, category, value):
    answered_and_open(category)

    response = client.get(category.get_absolute_url(), {"show": value})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


def test_the_unanswered_filter_is_kept_across_pages(client, settings, category):
    settings.ASKWELL_TOPICS_PER_PAGE = 1
    make_question(category=category)
    make_question(category=category)

    response = client.get(category.get_absolute_url(), {"show": "unanswered"})

    assertContains(response, '<a rel="next" href="?show=unanswered&amp;page=2">Next</a>', html=True)


def test_a_removed_question_with_replies_is_not_listed_in_its_category(client, category):
    topic = make_question(category=category, title="A question its author removed")
    make_reply(topic=topic)
    Post.objects.filter(pk=topic.opening_post_id).update(state=Post.State.REMOVED)

    response = client.get(category.get_absolute_url())

    assertNotContains(response, "A question its author removed")
    assert client.get(topic.get_absolute_url()).status_code == 200
