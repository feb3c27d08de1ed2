"""
The ask page (/forum/ask/) and the reply form: the attached article, a refused form
that keeps what was typed, the detour through signing in, members who may not post,
landing on the new question, and who may reply. (The checks a post goes through first:
test_views_ask_checks.py.)
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.tests.factories import PASSWORD
from forum import drafts
from forum.models import Draft, Post, Topic
from forum.tests.factories import make_question
from forum.views.compose import ASK_DRAFT_SESSION_KEY

ASK_URL = "/forum/ask/"
TITLE = "How long does recovery usually take?"
BODY = "I was diagnosed last month and wonder what to expect."
REPLY = "It took me about a year to climb stairs again."


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


def login_url(next_url):
    return f"{reverse('account_login')}?{urlencode({'next': next_url}, safe='/')}"


def signup_url(next_url):
    return f"{reverse('account_signup')}?{urlencode({'next': next_url})}"


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


def test_an_anonymous_visitor_who_posts_is_sent_to_create_an_account_and_back(client, db, typed):
    response = client.post(ASK_URL, typed)

    assertRedirects(response, signup_url(ASK_URL), fetch_redirect_response=False)
    assert not Topic.objects.exists()


def test_an_anonymous_visitor_from_an_article_comes_back_to_the_same_article(
    client, article, typed
):
    response = client.post(f"{ASK_URL}?article={article.slug}", typed)

    assertRedirects(
        response, signup_url(f"{ASK_URL}?article={article.slug}"), fetch_redirect_response=False
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
    assert response.url.startswith(reverse("account_signup"))
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
