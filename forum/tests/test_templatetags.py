"""An article page's "Questions from members" (the forum's questions_about tag): the
published questions asked about that article, and a member's own waiting one."""

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
