"""
What a member writes is shown only as the pipeline's sanitized HTML: on the question
page, in the moderators' review page and in the feed, titles escaped everywhere.
"""

from xml.etree import ElementTree

import html5lib
import pytest

from accounts.tests.staff import sign_in as staff_sign_in
from forum import asking
from forum.models import Post

HOSTILE_BODY = (
    "Does this help?\n\n"
    "<script>alert('body')</script>\n\n"
    "<img src=x onerror=alert('img')>\n\n"
    "[click me](javascript:alert('link')) and <a href=\"#\" onclick=\"alert('a')\">this</a>"
)
HOSTILE_TITLE = "<script>alert('title')</script> Is this normal?"


def scripts_and_handlers(page_html):
    """Every <script> element and every on* attribute in the page as a browser parses it."""
    document = html5lib.parse(page_html, namespaceHTMLElements=False)
    found = [element for element in document.iter() if element.tag == "script"]
    found += [
        (element.tag, name)
        for element in document.iter()
        for name in element.attrib
        if name.lower().startswith("on")
    ]
    return found


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


def test_the_moderators_review_page_shows_a_hostile_post_inert(client, member, moderator, category):
    topic = asking.ask_question(
        author=member, category=category, title=HOSTILE_TITLE, body=HOSTILE_BODY
    )
    assert topic.opening_post.state == Post.State.PENDING
    staff_sign_in(client, moderator)

    response = client.get(f"/admin/forum/pendingpost/{topic.opening_post.pk}/change/")

    assert response.status_code == 200
    found = scripts_and_handlers(response.content.decode())
    # The admin's own scripts are files (src) or JSON data; nothing inline runs.
    assert [item for item in found if isinstance(item, tuple)] == []
    assert all(s.get("src") or s.get("type") == "application/json" for s in found)
    assert topic.opening_post.body_html in response.content.decode()


def test_the_feed_carries_the_sanitized_html_and_an_escaped_title(client, hostile_question):
    feed = ElementTree.fromstring(client.get("/forum/feed/").content)  # noqa: S314 (our own output)

    (item,) = feed.iter("item")
    assert item.findtext("title") == HOSTILE_TITLE
    description = item.findtext("description")
    assert description == hostile_question.opening_post.body_html
    assert scripts_and_handlers(description) == []
