"""Search (/search/?q=) and the search box in every page's header."""

import html
import re
from html.parser import HTMLParser

import pytest

from articles.tests.factories import ArticleFactory
from forum.models import Post
from forum.tests.factories import make_question

pytestmark = pytest.mark.django_db


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "id" in attrs:
            self.inputs[attrs["id"]] = attrs


def input_value(response, input_id):
    """What the search box with this id holds, as the browser shows it."""
    parser = _Inputs()
    parser.feed(response.content.decode())
    return parser.inputs[input_id].get("value")


def page_text(response):
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(text.split())


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Living with myositis"),
        ("summary", "All about myositis."),
        ("body", "Myositis is a group of conditions."),
    ],
)
def test_search_finds_an_article_by_its_title_summary_or_text(client, field, value):
    ArticleFactory(slug="found", **{field: value})
    ArticleFactory(slug="other")

    content = search(client, "myositis").content.decode()

    assert 'href="/articles/found/"' in content
    assert 'href="/articles/other/"' not in content


def test_search_finds_an_approved_question_by_its_title(client):
    make_question(title="Does IVIG help with weakness?")

    assert "Does IVIG help with weakness?" in page_text(search(client, "ivig"))


def test_search_finds_an_approved_question_by_its_text(client):
    make_question(title="Stairs at home", body="My thighs give way on the stairs after IVIG.")

    assert "Stairs at home" in page_text(search(client, "thighs"))


def test_search_never_shows_a_pending_question_to_readers(client, member):
    make_question(title="Is my CK too high?", author=member, state=Post.State.PENDING)

    assert "Is my CK too high?" not in page_text(search(client, "CK too high"))


def test_search_never_shows_a_pending_question_to_other_members(client, member, other_member):
    make_question(title="Is my CK too high?", author=member, state=Post.State.PENDING)
    client.force_login(other_member)

    assert "Is my CK too high?" not in page_text(search(client, "CK too high"))


def test_empty_search_shows_the_prompt_and_no_results(client):
    response = search(client, "   ")

    text = page_text(response)
    assert response.status_code == 200
    assert "Search articles and questions" in text
    assert 'role="alert"' not in response.content.decode()
    assert "No articles mention" not in text


def test_search_over_200_characters_shows_a_message_and_keeps_the_query(client):
    query = "muscle weakness " * 13

    response = search(client, query)

    assert response.status_code == 200
    assert "Please search for at most 200 characters; your search has 207." in page_text(response)
    assert input_value(response, "search-q") == query.strip()


def test_one_character_search_shows_a_message_and_keeps_the_query(client):
    response = search(client, "a")

    assert response.status_code == 200
    assert "Please type at least 2 characters." in page_text(response)
    assert input_value(response, "search-q") == "a"


def test_search_with_a_null_character_shows_a_message(client):
    response = search(client, "mus\x00cle")

    assert response.status_code == 200
    assert "Your search contains characters that cannot be searched for." in page_text(response)


def test_search_shows_the_query_escaped(client):
    response = search(client, "<script>alert(1)</script>")

    assert "<script>alert(1)</script>" not in response.content.decode()
    assert input_value(response, "search-q") == "<script>alert(1)</script>"


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999", "", "\x00"])
def test_search_with_a_bad_page_number_still_shows_results(client, page):
    make_question(title="Does IVIG help with weakness?")

    response = search(client, "ivig", page=page)

    assert response.status_code == 200
    assert "Does IVIG help with weakness?" in page_text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/articles/necrotizing-myopathy/",
        "/search/",
        "/search/?q=muscle",
        "/forum/",
        "/forum/treatments-and-medication/",
        "/forum/ask/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
    ],
)
def test_header_search_box_is_on_every_page(client, article, url):
    response = client.get(url)

    content = response.content.decode()
    label = re.search(r'<label for="site-search-q">(.*?)</label>', content)
    assert label is not None
    assert html.unescape(label.group(1)) == "Couldn't find what you're looking for?"
    form = re.search(r'<form class="site-search" role="search" [^>]*>', content)
    assert form is not None
    assert 'action="/search/"' in form.group(0)
