"""
Writing a question with the page's script: the live preview, similar questions and the
draft kept on the server, found again in another browser.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import MemberFactory
from forum.models import Draft, Topic
from forum.tests.factories import make_question
from tests.browser import field

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]

TITLE = "How long does thigh weakness last after starting treatment?"
DETAILS = "My CK is **lower** now, but climbing stairs is still hard.\n\n- week one\n- week two"


def test_a_members_question_previews_live_suggests_similar_and_follows_them_as_a_draft(
    live_server, signed_in_page
):
    member = MemberFactory(username="hopeful_hana")
    earlier = make_question(title="Thigh weakness after starting treatment", slug="thighs")
    page = signed_in_page(member)
    page.goto(f"{live_server.url}/forum/ask/")

    # They type their question: similar questions appear beside the form.
    field(page, "Your question").press_sequentially(TITLE[:40])
    field(page, "Your question").fill(TITLE)
    similar = page.get_by_role("region", name="Questions that may already answer yours")
    expect(similar.get_by_role("link", name=earlier.title)).to_be_visible()

    # The preview shows the Markdown as it will be published.
    field(page, "Category").select_option(label="Treatments and medication")
    field(page, "Details").fill(DETAILS)
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("lower")
    expect(preview.get_by_role("listitem")).to_have_text(["week one", "week two"])

    # The draft is kept on the server, and the page says so.
    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_have_text(
        re.compile(r"^Draft saved at \d\d:\d\d$")
    )
    expect(page.get_by_role("button", name="Discard draft")).to_be_visible()

    # In another browser, signed in as the same member, the draft is there.
    elsewhere = signed_in_page(member)
    elsewhere.goto(f"{live_server.url}/forum/ask/")
    expect(elsewhere.get_by_text("Here is the question you started.")).to_be_visible()
    expect(field(elsewhere, "Your question")).to_have_value(TITLE)
    expect(field(elsewhere, "Details")).to_have_value(DETAILS)
    expect(field(elsewhere, "Category").locator("option:checked")).to_have_text(
        "Treatments and medication"
    )

    # Posting it there clears the draft.
    elsewhere.get_by_role("button", name="Post your question").click()
    expect(elsewhere.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    assert Topic.objects.filter(title=TITLE).exists()
    assert not Draft.objects.exists()
    page.reload()
    expect(field(page, "Your question")).to_have_value("")


def test_quote_puts_the_quote_into_the_reply_box_without_leaving_the_page(
    live_server, signed_in_page
):
    member = MemberFactory(username="hopeful_hana")
    question = make_question(
        title="Thigh weakness after starting treatment",
        slug="thighs",
        body="Resting before I get tired helps my thighs most.",
    )
    page = signed_in_page(member)
    page.goto(live_server.url + question.get_absolute_url())
    url = page.url
    page.get_by_role("textbox", name="Your reply:").fill("Same for me.")

    page.get_by_role("link", name=re.compile("^Quote the post by")).first.click()

    box = page.get_by_role("textbox", name="Your reply:")
    expect(box).to_have_value(re.compile(r"^Same for me\.\n\n\[.+ wrote\]\(/forum/posts/\d+/\):"))
    expect(box).to_have_value(re.compile("> Resting before I get tired helps my thighs most."))
    expect(box).to_be_focused()
    assert page.url == url
    # The live preview follows, and says only that it changed.
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("blockquote")).to_contain_text("Resting before I get tired")
    expect(page.locator("[data-preview-status]")).to_have_text("Preview updated")


def test_editing_previews_live(live_server, signed_in_page):
    member = MemberFactory(username="hopeful_hana")
    question = make_question(title="Thigh weakness after starting treatment", author=member)
    page = signed_in_page(member)
    page.goto(f"{live_server.url}/forum/posts/{question.opening_post_id}/edit/")

    field(page, "Details").fill("Now with **bold** words in the details.")

    expect(page.get_by_role("region", name="Preview").locator("strong")).to_have_text("bold")
