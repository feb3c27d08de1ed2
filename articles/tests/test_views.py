"""The article list and the article page, as readers and members see them."""

import datetime
import html
import re

import pytest

from articles.tests.factories import ArticleFactory
from forum.models import Post
from forum.tests.factories import make_question

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


def test_article_page_lists_approved_questions_about_this_article(client, article):
    make_question(title="Did IVIG help you?", article=article)

    text = page_text(client.get("/articles/necrotizing-myopathy/"))

    assert "Questions from members Did IVIG help you?" in text


def test_article_page_leaves_out_questions_about_other_articles(client, article):
    other = ArticleFactory(slug="muscle-cramps")
    make_question(title="Do cramps ever stop?", article=other)
    make_question(title="Any tips for the stairs?")

    text = page_text(client.get("/articles/necrotizing-myopathy/"))

    assert "Do cramps ever stop?" not in text
    assert "Any tips for the stairs?" not in text
    assert "No member has asked about this article yet." in text


def test_article_page_hides_pending_questions_from_readers(client, article, member):
    make_question(
        title="Is my CK too high?", article=article, author=member, state=Post.State.PENDING
    )

    text = page_text(client.get("/articles/necrotizing-myopathy/"))

    assert "Is my CK too high?" not in text


def test_article_page_hides_pending_questions_from_other_members(
    client, article, member, other_member
):
    make_question(
        title="Is my CK too high?", article=article, author=member, state=Post.State.PENDING
    )
    client.force_login(other_member)

    text = page_text(client.get("/articles/necrotizing-myopathy/"))

    assert "Is my CK too high?" not in text


def test_article_page_shows_a_member_their_own_pending_question_as_waiting(client, article, member):
    make_question(
        title="Is my CK too high?", article=article, author=member, state=Post.State.PENDING
    )
    client.force_login(member)

    text = page_text(client.get("/articles/necrotizing-myopathy/"))

    assert "Is my CK too high? Waiting for review" in text


def test_unknown_article_is_not_found(client):
    assert client.get("/articles/no-such-article/").status_code == 404
