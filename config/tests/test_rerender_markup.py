"""`manage.py rerender_markup`: stored HTML follows the current pipeline again."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.tests.factories import ArticleFactory
from forum.models import ModeratorNote, Post
from forum.tests.factories import make_question, make_reply
from markup.fields import rendered_fields
from markup.render import render_markdown

# What an older, laxer pipeline might have stored: a handler and a script link.
STALE_HTML = '<p><img src=x onerror="alert(1)"><a href="javascript:alert(2)">hi</a></p>'


def rerender():
    out = StringIO()
    call_command("rerender_markup", stdout=out)
    return out.getvalue()


def store_stale_html(obj):
    type(obj).objects.filter(pk=obj.pk).update(body_html=STALE_HTML)


@pytest.mark.django_db
def test_post_with_stale_html_gets_the_current_rendering():
    post = make_question(body="Is **rest** enough? See https://example.org/").opening_post
    store_stale_html(post)

    rerender()

    post.refresh_from_db()
    assert post.body_html == render_markdown("Is **rest** enough? See https://example.org/")
    assert "onerror" not in post.body_html


@pytest.mark.django_db
def test_reply_with_stale_html_gets_the_current_rendering():
    reply = make_reply(topic=make_question(), body="Same here.\nIt took *months*.")
    store_stale_html(reply)

    rerender()

    reply.refresh_from_db()
    assert reply.body_html == render_markdown("Same here.\nIt took *months*.")


@pytest.mark.django_db
def test_article_with_stale_html_gets_the_current_rendering():
    article = ArticleFactory(body="## Treatment\n\nMost people start with steroids.")
    store_stale_html(article)

    rerender()

    article.refresh_from_db()
    assert article.body_html == render_markdown("## Treatment\n\nMost people start with steroids.")


@pytest.mark.django_db
@pytest.mark.parametrize("state", Post.State.values)
def test_posts_are_re_rendered_whatever_their_state(state):
    post = make_question(state=state).opening_post
    store_stale_html(post)

    rerender()

    post.refresh_from_db()
    assert post.body_html == render_markdown(post.body)
    assert post.state == state


@pytest.mark.django_db
def test_re_rendering_keeps_what_the_member_wrote():
    body = "My *own* words <script>alert(1)</script>"
    post = make_question(body=body).opening_post
    store_stale_html(post)

    rerender()

    post.refresh_from_db()
    assert post.body == body


@pytest.mark.django_db
def test_up_to_date_html_is_not_written_again():
    make_reply(topic=make_question())
    ArticleFactory()

    with CaptureQueriesContext(connection) as queries:
        rerender()

    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")] == []


@pytest.mark.django_db
def test_command_reports_how_many_of_each_it_re_rendered():
    topic = make_question()
    store_stale_html(topic.opening_post)
    store_stale_html(make_reply(topic=topic))
    make_reply(topic=topic)
    ArticleFactory()

    output = rerender()

    assert sorted(output.splitlines()) == [
        "articles, body_html: 0 re-rendered",
        "moderator's notes, text_html: 0 re-rendered",
        "posts, body_html: 2 re-rendered",
        "users, bio_html: 0 re-rendered",
    ]


@pytest.mark.django_db
def test_moderator_note_with_stale_html_gets_the_current_rendering():
    post = make_question().opening_post
    note = ModeratorNote.objects.create(
        post=post,
        text="Statins **can** cause it: see https://example.org/",
        text_html=STALE_HTML,
        source_url="https://example.org/",
    )

    rerender()

    note.refresh_from_db()
    assert note.text_html == render_markdown("Statins **can** cause it: see https://example.org/")
    assert "onerror" not in note.text_html


def test_every_stored_html_field_is_one_the_command_re_renders():
    """Any field that keeps HTML beside its source is a RenderedMarkupField, so a new one
    cannot be left out of the re-render."""
    rendered = {(model, field.name) for model, field in rendered_fields()}
    html_fields = {
        (model, field.name)
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.concrete_fields
        if field.name.endswith("_html")
    }

    assert html_fields == rendered
    assert len(rendered) == 4


@pytest.mark.django_db
def test_pages_kept_in_the_cache_show_the_html_rendered_again(client, member):
    """After rerender_markup, no visitor's cached page and no member's cached post
    keeps the HTML stored before it."""
    question = make_question(body="Is **rest** enough?")
    reply = make_reply(topic=question, body="Same here, it took *months*.")
    store_stale_html(reply)
    url = question.get_absolute_url()
    member_client = Client()
    member_client.force_login(member)
    for browser in (client, member_client):
        assert "onerror" in browser.get(url).content.decode()

    rerender()

    for browser in (client, member_client):
        page = browser.get(url).content.decode()
        assert "onerror" not in page
        assert "<em>months</em>" in page
