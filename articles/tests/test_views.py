"""The article list and the article page, as readers and members see them. (The
members' questions listed on it: forum/tests/test_templatetags.py.)"""

import datetime
import html
import re

import pytest

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    """The page as a reader sees it: tags removed, entities decoded, spaces normalised."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(text.split())


def test_article_list_shows_each_article_with_its_summary_and_date(client):
    ArticleFactory(title="Muscle cramps", summary="Why muscles cramp.")
    ArticleFactory(
        title="Statins and muscles",
        summary="What statins do to muscles.",
        published_on=datetime.date(2026, 3, 2),
    )

    text = page_text(client.get("/articles/"))

    assert "Muscle cramps Why muscles cramp. 21 November 2026" in text
    assert "Statins and muscles What statins do to muscles. 2 March 2026" in text


def test_article_list_links_to_each_article(client, article):
    response = client.get("/articles/")

    assert 'href="/articles/necrotizing-myopathy/"' in response.content.decode()


def test_article_page_shows_title_summary_and_date(client):
    ArticleFactory(slug="muscle-cramps", title="Muscle cramps", summary="Why muscles cramp.")

    response = client.get("/articles/muscle-cramps/")

    assert "<h1>Muscle cramps</h1>" in response.content.decode()
    assert "Why muscles cramp. Published 21 November 2026" in page_text(response)


def test_article_page_shows_the_medical_disclaimer(client, article):
    text = page_text(client.get("/articles/necrotizing-myopathy/"))

    assert "General information, not medical advice." in text
    assert "In an emergency, call your local emergency number." in text


def test_article_page_shows_the_rendered_body(client):
    ArticleFactory(slug="muscle-cramps", body="## Why?\n\nCramps are **painful**.")

    content = client.get("/articles/muscle-cramps/").content.decode()

    assert "<h2>Why?</h2>\n<p>Cramps are <strong>painful</strong>.</p>" in content


def test_article_page_invites_the_reader_to_ask_on_the_forums(client, article):
    response = client.get("/articles/necrotizing-myopathy/")

    text = page_text(response)
    assert "Still have something to ask? Get help from other members!" in text
    links = re.findall(
        r'<a [^>]*href="([^"]*)"[^>]*>\s*Post Your Question On The Forums\s*</a>',
        response.content.decode(),
    )
    assert links == ["/forum/ask/?article=necrotizing-myopathy"]


def test_article_page_ends_with_member_questions_then_the_call_to_ask(client):
    ArticleFactory(slug="muscle-cramps", body="The last words of the article.")

    text = page_text(client.get("/articles/muscle-cramps/"))

    body = text.index("The last words of the article.")
    questions = text.index("Questions from members")
    ask = text.index("Still have something to ask?")
    link = text.index("Post Your Question On The Forums")
    assert body < questions < ask < link


def test_unknown_article_is_not_found(client):
    assert client.get("/articles/no-such-article/").status_code == 404
