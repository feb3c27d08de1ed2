from datetime import timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.tests.factories import PASSWORD
from forum import drafts
from forum.models import Draft, Post, Topic
from forum.tests.factories import make_question, make_reply
from forum.views.compose import ASK_DRAFT_SESSION_KEY

ASK_URL = "/forum/ask/"
TITLE = "How long does recovery usually take?"
BODY = "I was diagnosed last month and wonder what to expect."
REPLY = "It took me about a year to climb stairs again."


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


@pytest.fixture
def typed(category):
    return {"title": TITLE, "category": str(category.pk), "body": BODY}


def login_url(next_url):
    return f"{reverse('account_login')}?{urlencode({'next': next_url}, safe='/')}"


# The page and the attached article.


def test_the_ask_page_is_open_to_anonymous_visitors(client, db):
    response = client.get(ASK_URL)

    assert response.status_code == 200
    assertContains(response, "You need an account to post.")
    assertContains(response, 'name="title"')


def test_asking_from_an_article_shows_the_article(client, article):
    response = client.get(f"{ASK_URL}?article={article.slug}")

    assertContains(response, "Your question will be attached to the article")
    assertContains(
        response, f'<a href="/articles/{article.slug}/">Necrotizing myopathy</a>', html=True
    )


def test_asking_from_an_article_attaches_it_to_the_question(client, member, article, typed):
    client.force_login(member)

    client.post(f"{ASK_URL}?article={article.slug}", typed)

    assert Topic.objects.get().article == article


def test_the_form_posts_back_to_the_same_article(client, member, article):
    client.force_login(member)

    response = client.get(f"{ASK_URL}?article={article.slug}")

    assertContains(response, f'action="/forum/ask/?article={article.slug}"')


def test_an_unknown_article_is_explained_on_the_page(client, member):
    client.force_login(member)

    response = client.get(f"{ASK_URL}?article=no-such-article")

    assert response.status_code == 200
    assertContains(response, "We couldn't find an article called “no-such-article”.")
    assertNotContains(response, "Your question will be attached to the article")


def test_with_an_unknown_article_the_form_posts_without_it(client, member):
    client.force_login(member)

    response = client.get(f"{ASK_URL}?article=no-such-article")

    assertContains(response, 'action="/forum/ask/"')


def test_a_question_can_still_be_asked_after_an_unknown_article_link(client, member, typed):
    client.force_login(member)
    client.get(f"{ASK_URL}?article=no-such-article")

    response = client.post(ASK_URL, typed)

    topic = Topic.objects.get()
    assertRedirects(response, topic.get_absolute_url())
    assert topic.article is None


def test_a_question_posted_against_an_unknown_article_is_not_saved_and_keeps_the_text(
    client, member, typed
):
    client.force_login(member)

    response = client.post(f"{ASK_URL}?article=no-such-article", typed)

    assert response.status_code == 200
    assert not Topic.objects.exists()
    assertContains(response, "We couldn't find an article called")
    assertContains(response, f'value="{TITLE}"')
    assertContains(response, BODY)


# A rejected form keeps what was typed and ties each error to its field.


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Help me"),
        ("title", "WHY AM I SO WEAK ALL THE TIME"),
        ("category", ""),
        ("category", "999999"),
        ("body", "Too short."),
        ("body", "a" * 20_001),
    ],
    ids=["short-title", "all-caps-title", "no-category", "bad-category", "short-body", "long-body"],
)
def test_a_refused_question_shows_the_error_beside_its_field(client, member, typed, field, value):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, field: value})

    assert response.status_code == 200
    assert not Topic.objects.exists()
    assert list(response.context["form"].errors) == [field]
    assertContains(response, f'<ul class="errorlist" id="id_{field}_error">')
    described_by = f"id_{field}_error"
    if response.context["form"][field].help_text:
        described_by = f"id_{field}_helptext {described_by}"
    assertContains(response, f'aria-describedby="{described_by}"')
    assertContains(response, 'aria-invalid="true"', count=1)


def test_a_refused_question_keeps_the_title_category_and_text(client, member, category):
    client.force_login(member)
    typed = {"title": "Help me", "category": str(category.pk), "body": "Some **details** <here>"}

    response = client.post(ASK_URL, typed)

    assertContains(response, 'value="Help me"')
    assertContains(
        response,
        f'<option value="{category.pk}" selected>Treatments and medication</option>',
        html=True,
    )
    assertContains(response, "Some **details** &lt;here&gt;</textarea>")


def test_a_refused_question_says_at_the_top_that_the_text_is_kept(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "body": "Too short."})

    assertContains(response, "everything you typed is still there")


# The detour through signing in.


def test_an_anonymous_visitor_who_posts_is_sent_to_sign_in_and_back(client, db, typed):
    response = client.post(ASK_URL, typed)

    assertRedirects(response, login_url(ASK_URL), fetch_redirect_response=False)
    assert not Topic.objects.exists()


def test_an_anonymous_visitor_from_an_article_comes_back_to_the_same_article(
    client, article, typed
):
    response = client.post(f"{ASK_URL}?article={article.slug}", typed)

    assertRedirects(
        response, login_url(f"{ASK_URL}?article={article.slug}"), fetch_redirect_response=False
    )


def test_new_member_cannot_post_before_confirming(client, mailoutbox, category, article):
    # Hana has just signed up, starting from the ask form of an article.
    ask_url = f"{ASK_URL}?article={article.slug}"
    client.post(
        reverse("account_signup"),
        {
            "email": "hana@example.org",
            "username": "hopeful_hana",
            "password1": "quiet-lake-morning-42",
            "password2": "quiet-lake-morning-42",
            "next": ask_url,
        },
    )
    question = {
        "title": "Does the weakness ever go away?",
        "category": category.pk,
        "body": "I was diagnosed three months ago and stairs are still hard.",
    }

    response = client.post(ask_url, question)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Topic.objects.exists()


def test_an_anonymous_visitor_with_an_invalid_form_sees_the_errors_first(client, db, typed):
    response = client.post(ASK_URL, {**typed, "title": "Help me"})

    assert response.status_code == 200
    assert response.context["form"].has_error("title", "min_length")
    assert ASK_DRAFT_SESSION_KEY not in client.session


def test_after_signing_in_the_form_holds_exactly_what_was_typed(client, member, article, category):
    typed = {"title": "  Is  IVIG   worth it?  ", "category": str(category.pk), "body": BODY}
    client.post(f"{ASK_URL}?article={article.slug}", typed)

    response = client.post(
        reverse("account_login"),
        {
            "login": member.username,
            "password": PASSWORD,
            "next": f"{ASK_URL}?article={article.slug}",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{ASK_URL}?article={article.slug}"
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial == typed
    assertContains(response, 'value="  Is  IVIG   worth it?  "')
    assertContains(response, f'<option value="{category.pk}" selected>', count=1)
    assertContains(response, f"{BODY}</textarea>")
    assertContains(response, "Here is the question you started.")
    assertContains(response, "Your question will be attached to the article")


def test_the_draft_is_cleared_once_the_question_is_posted(client, member, typed):
    client.post(ASK_URL, typed)
    client.force_login(member)

    client.post(ASK_URL, typed)

    assert ASK_DRAFT_SESSION_KEY not in client.session
    response = client.get(ASK_URL)
    assert response.context["form"].initial == {}
    assertNotContains(response, "Here is the question you started.")


def test_without_a_draft_the_form_starts_empty(client, member):
    client.force_login(member)

    response = client.get(ASK_URL)

    assertNotContains(response, "Here is the question you started.")
    assertNotContains(response, BODY)


# Members who may not post.


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("suspended_member", "Your account is suspended, so you can't post for now."),
        ("unverified_member", "Please confirm your e-mail address before you post."),
    ],
)
def test_a_restricted_member_is_told_why_before_writing(client, request, who, message):
    client.force_login(request.getfixturevalue(who))

    response = client.get(ASK_URL)

    assert response.status_code == 200
    assertContains(response, message)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("suspended_member", "Your account is suspended, so you can't post for now."),
        ("unverified_member", "Please confirm your e-mail address before you post."),
    ],
)
def test_a_restricted_member_who_posts_is_refused_and_keeps_the_text(
    client, request, who, message, typed
):
    client.force_login(request.getfixturevalue(who))

    response = client.post(ASK_URL, typed)

    assert response.status_code == 403
    assert not Topic.objects.exists()
    assertContains(response, message, status_code=403)
    assertContains(response, f'value="{TITLE}"', status_code=403)
    assertContains(response, f"{BODY}</textarea>", status_code=403)


# Landing on the question.


def test_a_new_member_lands_on_the_question_marked_waiting_for_review(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, typed, follow=True)

    topic = Topic.objects.get()
    assert response.redirect_chain == [(topic.get_absolute_url(), 302)]
    assert topic.opening_post.state == Post.State.PENDING
    assertContains(response, "Thank you. Your question will appear on the forum once a moderator")
    assertContains(
        response, '<span class="badge badge--pending">Waiting for review</span>', html=True
    )


def test_a_trusted_member_lands_on_the_published_question(client, member, typed):
    make_question(author=member, title="An earlier question of mine")
    make_question(author=member, title="Another earlier question of mine")
    client.force_login(member)

    response = client.post(ASK_URL, typed, follow=True)

    topic = Topic.objects.get(title=TITLE)
    assert response.redirect_chain == [(topic.get_absolute_url(), 302)]
    assertContains(response, "Your question is published.")
    assertNotContains(response, "Waiting for review")


def test_the_new_question_has_a_readable_address(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, typed)

    topic = Topic.objects.get()
    assert response.url == (
        f"/forum/treatments-and-medication/{topic.pk}-how-long-does-recovery-usually-take/"
    )


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


# Who may post a reply.


@pytest.mark.parametrize(
    ("who", "status", "posted"),
    [
        (None, 302, False),
        ("member", 302, True),
        ("suspended_member", 403, False),
        ("unverified_member", 403, False),
        ("moderator", 302, True),
    ],
)
def test_who_may_reply(client, request, question, who, status, posted):
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.post(reply_url(question), {"body": REPLY})

    assert response.status_code == status
    assert question.posts.filter(body=REPLY).exists() == posted


def test_a_member_cannot_reply_to_another_members_pending_question(
    client, other_member, pending_question
):
    client.force_login(other_member)

    response = client.post(reply_url(pending_question), {"body": REPLY})

    assert response.status_code == 404
    assert pending_question.posts.count() == 1


def test_posting_a_question_never_touches_another_members_draft(
    client, member, other_member, typed
):
    drafts.save_draft(author=other_member, title="Olga's own")
    client.force_login(member)

    client.post(ASK_URL, typed)

    assert Draft.objects.get().author == other_member
