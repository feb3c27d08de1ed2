"""
The main pages in a real browser: no axe-core violations, and asking works without
JavaScript.
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from forum.models import Category, Post
from forum.tests.factories import make_question, make_reply
from tests.browser import axe_violations, field

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]


@dataclass(frozen=True)
class Forum:
    answered_url: str
    pending_url: str


@pytest.fixture
def forum(imported_articles, member, other_member):
    """A published question with replies, and a question still waiting for review."""
    article = imported_articles["necrotizing-myopathy"]
    answered = make_question(
        author=other_member,
        category=Category.objects.get(slug="treatments-and-medication"),
        title="How long did it take for IVIG to make a difference?",
        body="I started immunoglobulin six weeks ago. **When** did you feel stronger?",
        article=article,
    )
    make_reply(
        topic=answered,
        author=member,
        body="About four months for me.\n\n- keep a diary\n- ask about physiotherapy",
    )
    make_reply(
        topic=answered,
        body="See <https://example.org/ivig> for what helped us.",
    )
    pending = make_question(
        author=member,
        title="Could my statin really have caused this?",
        body="I stopped my statin months ago but my legs are still weak.",
        state=Post.State.PENDING,
        article=article,
    )
    return Forum(answered_url=answered.get_absolute_url(), pending_url=pending.get_absolute_url())


@dataclass(frozen=True)
class Case:
    path: str
    who: str | None = None  # a fixture name: whose session the browser has
    press: str | None = None  # a button to press first, leaving the form empty


CASES = {
    "home": Case("/"),
    "article": Case("/articles/necrotizing-myopathy/"),
    "forum index": Case("/forum/"),
    "category": Case("/forum/treatments-and-medication/"),
    "question with replies": Case("{answered_url}", who="other_member"),
    "own pending question": Case("{pending_url}", who="member"),
    "ask": Case("/forum/ask/?article=necrotizing-myopathy"),
    "ask with errors": Case("/forum/ask/", who="member", press="Post your question"),
    "search results": Case("/search/?q=IVIG"),
    "sign in": Case("/accounts/login/"),
    "sign up": Case("/accounts/signup/"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_page_has_no_axe_violations(case, request, live_server, page, signed_in_page, forum):
    if case.who:
        page = signed_in_page(request.getfixturevalue(case.who))
    response = page.goto(live_server.url + case.path.format(**vars(forum)))
    assert response.status == 200
    if case.press:
        page.get_by_role("button", name=case.press).click()
        expect(page.get_by_role("alert")).to_contain_text("needs another look")
    assert axe_violations(page) == []


def test_member_asks_a_question_without_javascript(live_server, new_context, member):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/forum/ask/")
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label(re.compile(r"^username or e-?mail", re.IGNORECASE)).fill(member.username)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()

    expect(page).to_have_url(re.compile(r"/forum/ask/$"))
    field(page, "Your question").fill("Is it safe to exercise during a flare?")
    field(page, "Topic").select_option(label="Living with a condition")
    field(page, "Details").fill("My physiotherapist and my neurologist disagree about this.")
    page.get_by_role("button", name="Post your question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is it safe to exercise during a flare?"
    )
    expect(page.get_by_role("status")).to_contain_text("once a moderator has reviewed it")
