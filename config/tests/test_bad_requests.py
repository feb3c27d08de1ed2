"""Malformed requests get a clear page, never a server error: a NUL character anywhere
(PostgreSQL cannot hold one), a `next` that is not a path on this site, and a page in
the site's design when something does fail."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error
from pytest_django.asserts import assertContains

from accounts.tests.staff import sign_in
from forum.tests.factories import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    return make_question()


@pytest.mark.parametrize(
    "url",
    ["/forum/ask/?article=a%00b", "/members/amelia%00/", "/search/?q=%00", "/forum/?page=1%00"],
)
def test_a_nul_character_in_the_address_answers_a_clear_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assertContains(response, "We could not read that request", status_code=400)


def test_a_nul_character_in_a_form_field_answers_a_clear_400(client, member):
    client.force_login(member)

    response = client.post(reverse("forum:ask"), {"title": "Is this\x00 normal?", "body": "x"})

    assert response.status_code == 400


@pytest.mark.parametrize(
    "bad_next",
    [
        "home",
        "abc",
        "forum:index",
        "//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        " /x",
    ],
)
def test_following_with_a_next_that_is_not_a_local_path_goes_back_to_the_question(
    client, member, question, bad_next
):
    client.force_login(member)

    response = client.post(
        reverse("forum:follow-topic", args=[question.pk]), {"follow": "on", "next": bad_next}
    )

    assert response.status_code == 302
    assert response.url == question.get_absolute_url()


def test_following_with_a_local_next_goes_there(client, member, question):
    client.force_login(member)

    response = client.post(
        reverse("forum:follow-topic", args=[question.pk]),
        {"follow": "on", "next": "/accounts/notifications/"},
    )

    assert response.url == "/accounts/notifications/"


@pytest.mark.parametrize("bad_next", ["home", "//evil.example/", "https://evil.example/"])
def test_the_admins_sign_in_step_sends_staff_only_to_a_local_path(
    client, moderator, bad_next, settings
):
    sign_in(client, moderator)

    response = client.get(f"/{settings.ASKWELL_ADMIN_PATH}login/", {"next": bad_next})

    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_the_server_error_page_is_in_the_sites_design():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'href="/static/css/site.css"' in page
