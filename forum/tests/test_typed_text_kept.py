"""
What a member typed survives their session ending while they wrote (the reply waits
in the reply box after signing in again) and a form refused for its stale security
token (the page gives the text back).
"""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.tests.factories import PASSWORD
from forum.models import Post
from forum.tests.factories import make_question

REPLY = "Gentle physiotherapy twice a week helped my strength come back."
LOGIN_URL = reverse("account_login")


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


def sign_in(client, user, next_url):
    return client.post(LOGIN_URL, {"login": user.username, "password": PASSWORD, "next": next_url})


def test_a_reply_sent_after_the_session_ended_waits_in_the_box_after_signing_in(
    client, other_member, question
):
    response = client.post(reply_url(question), {"body": REPLY})

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assertContains(client.get(response.url), "We have kept what you wrote.")
    signed_in = sign_in(client, other_member, question.get_absolute_url())
    assert signed_in.url == question.get_absolute_url()
    page = client.get(signed_in.url)
    assert page.context["reply_form"].initial["body"] == REPLY
    assertContains(page, "Gentle physiotherapy twice a week")
    assert not Post.objects.filter(body=REPLY).exists()


def test_the_kept_reply_is_given_once_only(client, other_member, question):
    client.post(reply_url(question), {"body": REPLY})
    sign_in(client, other_member, question.get_absolute_url())
    client.get(question.get_absolute_url())

    again = client.get(question.get_absolute_url())

    assertNotContains(again, "Gentle physiotherapy twice a week")


def test_a_reply_kept_in_a_browser_is_not_given_to_someone_signing_in_elsewhere(
    client, other_member, member, question
):
    client.post(reply_url(question), {"body": REPLY})

    # Someone else signs in on this browser, going somewhere else.
    sign_in(client, member, "/forum/")
    page = client.get(question.get_absolute_url())

    assertNotContains(page, "Gentle physiotherapy twice a week")


def test_a_reply_kept_for_one_question_is_not_put_in_another(client, other_member, question):
    elsewhere = make_question(title="Another question about fatigue")
    client.post(reply_url(question), {"body": REPLY})
    sign_in(client, other_member, question.get_absolute_url())

    page = client.get(elsewhere.get_absolute_url())

    assertNotContains(page, "Gentle physiotherapy twice a week")


def test_an_empty_reply_sent_signed_out_keeps_nothing_and_says_nothing(client, question):
    response = client.post(reply_url(question), {"body": "   "})

    assertNotContains(client.get(response.url), "We have kept what you wrote.")


# A stale security token.


@pytest.fixture
def csrf_client(other_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_member)
    return client


def test_a_reply_with_a_stale_token_comes_back_on_a_page_in_the_sites_design(csrf_client, question):
    response = csrf_client.post(
        reply_url(question),
        {"body": REPLY, "csrfmiddlewaretoken": "stale"},
        HTTP_REFERER=f"http://testserver{question.get_absolute_url()}",
    )

    assert response.status_code == 403
    assertContains(response, "Your form was not sent", status_code=403)
    assertContains(response, REPLY, status_code=403)
    assertContains(
        response, f'href="http://testserver{question.get_absolute_url()}"', status_code=403
    )
    assertContains(response, 'class="site-header', status_code=403)
    assert not Post.objects.filter(body=REPLY).exists()


def test_a_stale_token_page_never_repeats_a_password_or_a_token(csrf_client):
    response = csrf_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "secret-old-password",
            "password1": "new-secret",
            "csrfmiddlewaretoken": "x",
        },
    )

    assert response.status_code == 403
    assertNotContains(response, "secret-old-password", status_code=403)
    assertNotContains(response, "new-secret", status_code=403)


def test_a_stale_token_page_links_back_only_to_this_site(csrf_client, question):
    response = csrf_client.post(
        reply_url(question),
        {"body": REPLY, "csrfmiddlewaretoken": "stale"},
        HTTP_REFERER="https://evil.example/phish",
    )

    assertNotContains(response, "evil.example", status_code=403)
