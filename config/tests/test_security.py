"""Security headers on every response, and pages that work under the Content-Security-Policy."""

from html.parser import HTMLParser

import pytest

from articles.tests.factories import ArticleFactory
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class _InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.blocked = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        # A JSON-LD data block is never run, so the policy does not block it.
        is_data = dict(attrs).get("type") == "application/ld+json"
        if tag == "script" and "src" not in names and not is_data:
            self.blocked.append("inline <script>")
        if tag == "style":
            self.blocked.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.blocked.append(f"style attribute on <{tag}>")
            elif name.startswith("on"):
                self.blocked.append(f"{name} handler on <{tag}>")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"javascript: URL on <{tag}>")


def blocked_inline_code(response):
    parser = _InlineCode()
    parser.feed(response.content.decode())
    return parser.blocked


def test_responses_carry_a_content_security_policy_without_inline_scripts(client):
    directives = csp_directives(client.get("/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]


def test_responses_forbid_framing(client):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_responses_forbid_content_type_sniffing(client):
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"


def test_responses_limit_the_referrer_to_the_site(client):
    assert client.get("/").headers["Referrer-Policy"] == "same-origin"


def test_not_found_pages_carry_the_security_headers_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "'unsafe-inline'" not in csp_directives(response)["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def site_pages(db, member):
    """A page of each kind, with content in it, by name."""
    article = ArticleFactory(slug="muscle-cramps", body="## Why?\n\n- **Stretch**\n- Drink")
    topic = make_question(title="Does stretching help?", article=article, author=member)
    make_reply(topic=topic, body="Yes, [this guide](https://example.org) helped me.")
    return {
        "home": "/",
        "article list": "/articles/",
        "article": "/articles/muscle-cramps/",
        "search": "/search/?q=stretch",
        "search error": "/search/?q=s",
        "forum": "/forum/",
        "category": topic.category.get_absolute_url(),
        "question": topic.get_absolute_url(),
        "ask": "/forum/ask/?article=muscle-cramps",
        "sign in": "/accounts/login/",
        "sign up": "/accounts/signup/",
        "profile": f"/members/{member.username}/",
        "not found": "/no-such-page/",
    }


PAGES = [
    "home",
    "article list",
    "article",
    "search",
    "search error",
    "forum",
    "category",
    "question",
    "ask",
    "sign in",
    "sign up",
    "profile",
    "not found",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_inline_code_the_policy_would_block_for_readers(client, site_pages, page):
    response = client.get(site_pages[page])

    assert response.status_code in {200, 404}
    assert blocked_inline_code(response) == []


@pytest.mark.parametrize("page", ["home", "article", "question", "ask", "profile"])
def test_page_has_no_inline_code_the_policy_would_block_for_members(
    client, site_pages, member, page
):
    client.force_login(member)

    response = client.get(site_pages[page])

    assert response.status_code == 200
    assert blocked_inline_code(response) == []
