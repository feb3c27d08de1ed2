"""Page titles follow the page's state: a form sent back with errors, a list's page."""

from pytest_django.asserts import assertContains

from forum.tests.factories import make_question


def test_the_ask_page_title_says_error_when_the_form_comes_back(client, member):
    client.force_login(member)

    response = client.post("/forum/ask/", {"title": "x", "body": "y"})

    assert response.status_code == 200
    assertContains(response, "<title>Error: ")


def test_the_ask_page_title_has_no_error_at_first(client, member):
    client.force_login(member)

    response = client.get("/forum/ask/")

    assert "<title>Error:" not in response.content.decode()


def test_the_second_page_of_a_list_says_so_in_its_title(client, category, settings):
    settings.ASKWELL_TOPICS_PER_PAGE = 2
    for n in range(3):
        make_question(category=category, title=f"Question number {n} here", slug=f"q{n}")

    first = client.get(category.get_absolute_url())
    second = client.get(category.get_absolute_url() + "?page=2")

    assert "page 1 of" not in first.content.decode()
    assertContains(second, f"<title>{category.name} · page 2 of 2 · Askwell</title>")


def test_the_sign_in_page_title_says_error_after_a_failed_attempt(client, db):
    response = client.post("/accounts/login/", {"login": "nobody", "password": "wrong"})

    assertContains(response, "<title>Error: ")
