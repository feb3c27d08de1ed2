"""
What a member writes is shown only as the pipeline's sanitized HTML: on the question
page and in the feed, titles escaped everywhere. (The moderators' review page:
moderation/tests/test_admin_queue.py.)
"""

from xml.etree import ElementTree

import pytest

from forum import asking
from markup.tests.parsing import scripts_and_handlers

HOSTILE_BODY = (
    "Does this help?\n\n"
    "<script>alert('body')</script>\n\n"
    "<img src=x onerror=alert('img')>\n\n"
    "[click me](javascript:alert('link')) and <a href=\"#\" onclick=\"alert('a')\">this</a>"
)
HOSTILE_TITLE = "<script>alert('title')</script> Is this normal?"


@pytest.fixture
def hostile_question(moderator, category):
    # Written by a moderator so it is published at once; the same pipeline serves all.
    return asking.ask_question(
        author=moderator, category=category, title=HOSTILE_TITLE, body=HOSTILE_BODY
    )


def test_a_hostile_question_page_runs_nothing_and_shows_the_text(client, hostile_question):
    response = client.get(hostile_question.get_absolute_url())

    page = response.content.decode()
    assert scripts_and_handlers(page) == []
    assert "javascript:" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Is this normal?" in page
    # The title is plain text; HTML in the (Markdown) body is left out.
    assert "Does this help?" in page
    assert "alert('body')" not in page


def test_the_stored_html_is_what_the_page_shows(client, hostile_question):
    post = hostile_question.opening_post

    response = client.get(hostile_question.get_absolute_url())

    assert post.body_html in response.content.decode()
    assert "<script>" not in post.body_html


def test_the_feed_carries_the_sanitized_html_and_an_escaped_title(client, hostile_question):
    feed = ElementTree.fromstring(client.get("/forum/feed/").content)  # noqa: S314 (our own output)

    (item,) = feed.iter("item")
    assert item.findtext("title") == HOSTILE_TITLE
    description = item.findtext("description")
    assert description == hostile_question.opening_post.body_html
    assert scripts_and_handlers(description) == []
