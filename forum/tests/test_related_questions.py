"""Related questions on a question's page, and questions on an article's page."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from forum.models import Post
from forum.tests.factories import make_question

pytestmark = pytest.mark.django_db


def test_a_question_page_lists_related_questions_not_itself(client):
    topic = make_question(title="Steroids and sleep", slug="a")
    make_question(title="Prednisone keeps me awake", slug="b")
    make_question(title="Wheelchair at the airport", slug="c")

    response = client.get(topic.get_absolute_url())

    section = re.search(
        r'<section class="related-questions".*?</section>', response.content.decode(), re.S
    )
    assert section is not None
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', section.group(0)) == [
        "Prednisone keeps me awake"
    ]


@pytest.mark.parametrize(
    "state", [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN, Post.State.REMOVED]
)
def test_an_unpublished_question_is_never_related(client, member, state):
    topic = make_question(title="Steroids and sleep", slug="a")
    make_question(author=member, title="Private steroid worry", state=state, slug="b")
    client.force_login(member)

    assertNotContains(client.get(topic.get_absolute_url()), "Private steroid worry")


def test_a_question_page_names_the_article_it_was_asked_about(client, article):
    topic = make_question(title="After the diagnosis", article=article)

    assertContains(client.get(topic.get_absolute_url()), 'href="/articles/necrotizing-myopathy/"')


def test_an_article_page_lists_questions_about_it_and_similar_ones(client, article):
    make_question(title="After the diagnosis", article=article, slug="a")
    make_question(title="Necrotising myopathy and statins", slug="b")
    make_question(title="Wheelchair at the airport", slug="c")

    response = client.get(article.get_absolute_url())

    assertContains(response, "After the diagnosis")
    assertContains(response, 'id="similar-questions"')
    assertContains(response, "Necrotising myopathy and statins")
    assertNotContains(response, "Wheelchair at the airport")


def test_the_article_page_keeps_a_fixed_number_of_queries(
    client, article, django_assert_max_num_queries
):
    for n in range(12):
        make_question(title=f"Necrotizing myopathy story {n}", slug=f"s{n}")

    with django_assert_max_num_queries(8):
        client.get(article.get_absolute_url())
