"""
The way from "Post your question" to a posted question for someone new: creating an
account is offered first and signing in second, and after confirming the e-mail
address they are back at the form with what they wrote and one message.
"""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.tests.factories import PASSWORD as PASSWORD_OF_MEMBERS
from accounts.tests.links import confirmation_path

ASK_URL = "/forum/ask/?article=necrotizing-myopathy"
PASSWORD = "quiet-lake-morning-42"
TITLE = "Is it normal to feel this tired after IVIG?"
BODY = "I had my third infusion on Monday and can hardly get up."


@pytest.fixture
def typed(category):
    return {"title": TITLE, "category": str(category.pk), "body": BODY, "action": "post"}


@pytest.fixture
def posted(client, article, typed):
    """A visitor wrote a question about an article and pressed Post your question."""
    return client.post(ASK_URL, typed)


def test_posting_without_an_account_leads_to_creating_one(posted):
    assert posted.status_code == 302
    assert (
        posted.url
        == f"{reverse('account_signup')}?next=%2Fforum%2Fask%2F%3Farticle%3Dnecrotizing-myopathy"
    )


def test_the_page_offers_creating_an_account_first_and_signing_in_second(client, posted):
    page = client.get(posted.url).content.decode()
    main = page[page.index('<main id="main"') :]

    assert "We have kept what you wrote." in page
    assert main.index("<h1>Create an account</h1>") < main.index(">Sign in</a>")
    assert 'href="/accounts/login/?next=%2Fforum%2Fask%2F%3Farticle%3Dnecrotizing-myopathy"' in main


def test_the_ask_page_offers_creating_an_account_before_signing_in(client, db):
    page = client.get("/forum/ask/").content.decode()
    notice = page[page.index("You need an account to post.") :]

    assert notice.index("Create an account</a>") < notice.index("Sign in</a>")


def _sign_up_and_confirm(client, posted, mailoutbox):
    client.get(posted.url)  # the page with the kept-text message
    client.post(
        reverse("account_signup"),
        {
            "email": "hana@example.org",
            "username": "hopeful_hana",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": ASK_URL,
        },
        follow=True,
    )
    return client.post(confirmation_path(mailoutbox[0]), follow=True)


def test_after_confirming_they_are_back_at_the_form_with_what_they_wrote(
    client, posted, mailoutbox
):
    response = _sign_up_and_confirm(client, posted, mailoutbox)

    assert response.redirect_chain[-1][0] == ASK_URL
    assert response.context["user"].username == "hopeful_hana"
    assert response.context["article"].slug == "necrotizing-myopathy"
    assert response.context["form"].initial["title"] == TITLE
    assert response.context["form"].initial["body"] == BODY
    assertContains(response, "Here is the question you started.")


def test_after_confirming_the_form_shows_one_message(client, posted, mailoutbox):
    response = _sign_up_and_confirm(client, posted, mailoutbox)

    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Thank you: hana@example.org is confirmed."]
    # None is left over for the next page either.
    assert list(client.get("/forum/").context["messages"]) == []


def test_an_ordinary_sign_in_still_says_who_is_signed_in(client, member):
    response = client.post(
        reverse("account_login"),
        {"login": member.username, "password": PASSWORD_OF_MEMBERS, "next": "/forum/"},
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["You are signed in as patient_pat."]
