"""
A visitor's whole way from an article to a published question, in a real browser.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.staff import give_totp
from tests.browser import field, sign_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]

TITLE = "Does the weakness in my thighs ever fully go away?"
DETAILS = (
    "I was diagnosed three months ago and started treatment. My CK is lower but "
    "climbing stairs is still hard. How long did it take for you?"
)
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")


def test_visitor_asks_from_an_article_signs_up_and_sees_it_published_after_review(
    live_server, page: Page, new_context, mailoutbox, moderator, imported_articles
):
    # An anonymous reader finishes the article and wants to ask about it.
    page.goto(f"{live_server.url}/articles/necrotizing-myopathy/")
    expect(page.get_by_role("heading", name="Necrotizing myopathy", level=1)).to_be_visible()
    questions = page.get_by_role("region", name="Questions from members")
    expect(questions).to_contain_text("No member has asked about this article yet.")
    page.get_by_role("link", name="Post Your Question On The Forums").click()

    # The ask form knows which article the question is about.
    expect(page).to_have_url(re.compile(r"/forum/ask/\?article=necrotizing-myopathy$"))
    expect(
        page.get_by_role("heading", name="Post your question on the forums", level=1)
    ).to_be_visible()
    attached = page.get_by_role("complementary", name="Attached article")
    expect(attached.get_by_role("link", name="Necrotizing myopathy")).to_be_visible()

    # They write the question before having an account, and post it.
    field(page, "Your question").fill(TITLE)
    field(page, "Category").select_option(label="Treatments and medication")
    field(page, "Details").fill(DETAILS)
    page.get_by_role("button", name="Post your question").click()

    # Posting needs an account: the site offers to create one (signing in is the
    # second choice) and promises to keep the text.
    expect(page).to_have_url(re.compile(r"/accounts/signup/"))
    expect(page.get_by_text("We have kept what you wrote.")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Sign in")).to_be_visible()

    # Create an account: private e-mail address, public username, password.
    page.get_by_label(re.compile(r"^e-?mail", re.IGNORECASE)).fill("hana@example.org")
    field(page, "Username").fill("hopeful_hana")
    field(page, "Password").fill("quiet-lake-morning-42")
    field(page, "Password (again)").fill("quiet-lake-morning-42")
    page.get_by_role("button", name="Create an account").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile("verify", re.IGNORECASE))

    # The confirmation e-mail arrives; its link confirms the address.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["hana@example.org"]
    link = CONFIRMATION_LINK.search(message.body).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    page.get_by_role("button", name="Confirm").click()

    # Signed in, back at the ask form, article still attached, draft still there.
    expect(page).to_have_url(re.compile(r"/forum/ask/\?article=necrotizing-myopathy$"))
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name="hopeful_hana")).to_be_visible()
    expect(attached.get_by_role("link", name="Necrotizing myopathy")).to_be_visible()
    expect(page.get_by_text("Here is the question you started.")).to_be_visible()
    expect(field(page, "Your question")).to_have_value(TITLE)
    expect(field(page, "Details")).to_have_value(DETAILS)
    expect(field(page, "Category").locator("option:checked")).to_have_text(
        "Treatments and medication"
    )
    page.get_by_role("button", name="Post your question").click()

    # The question exists, but waits for a moderator; only its author sees it.
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("once a moderator has reviewed it")
    expect(page.get_by_text("Waiting for review", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Necrotizing myopathy")).to_be_visible()
    question_url = page.url
    reader_page = new_context().new_page()
    reader_page.goto(f"{live_server.url}/articles/necrotizing-myopathy/")
    questions = reader_page.get_by_role("region", name="Questions from members")
    expect(questions).to_contain_text("No member has asked about this article yet.")

    # A moderator, in another browser, approves it from the moderation queue.
    moderator_page = new_context().new_page()
    sign_in_to_admin(moderator_page, live_server.url, give_totp(moderator))
    moderator_page.get_by_role("link", name="Moderation queue").click()
    queue = moderator_page.get_by_role("table")
    queue.get_by_role("link", name=re.compile(r"^I was diagnosed three months ago")).click()
    expect(moderator_page.get_by_text(DETAILS).first).to_be_visible()
    moderator_page.get_by_role("button", name="Approve and publish").click()
    expect(moderator_page.get_by_text("Approved and published.")).to_be_visible()
    expect(queue.get_by_role("link", name=re.compile("^I was diagnosed"))).to_have_count(0)

    # Readers now find it under the article it was asked about.
    reader_page.reload()
    questions.get_by_role("link", name=TITLE).click()
    expect(reader_page).to_have_url(question_url)
    expect(reader_page.get_by_text("Waiting for review")).to_have_count(0)
