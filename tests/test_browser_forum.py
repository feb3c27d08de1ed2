"""
A question's whole life on the members' forum, in real browsers: asked, answered by
another member, the asker told and choosing the answer that helped them.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import MemberFactory
from tests.browser import field, message, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]

TITLE = "Does anyone else find swallowing hard since the diagnosis?"
DETAILS = (
    "Since my diagnosis I have had trouble swallowing bread and pills.\n\n"
    "Did it get **better** with treatment?"
)
REPLY = "Yes, it did for me. A speech therapist taught me to tuck my chin when I swallow."


def test_a_reply_is_notified_to_the_asker_who_marks_it_as_the_answer_that_helped(
    live_server, new_context, settings
):
    settings.ASKWELL_APPROVALS_BEFORE_TRUST = 0
    asker = MemberFactory(username="asking_ada")
    helper = MemberFactory(username="helpful_hugo")
    reader = MemberFactory(username="reading_rosa")

    # The asker signs in and asks from the forum's front page.
    page = new_context().new_page()
    sign_in(page, live_server.url, asker)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Forum").click()
    page.get_by_role("main").get_by_role("link", name="Ask a question").click()
    expect(
        page.get_by_role("heading", name="Post your question on the forums", level=1)
    ).to_be_visible()
    field(page, "Your question").fill(TITLE)
    field(page, "Category").select_option(label="Living with a condition")
    field(page, "Details").fill(DETAILS)
    page.get_by_role("button", name="Post your question").click()

    # Trouble swallowing can be urgent: the page says where to get help at once, and
    # keeps the question; the asker reads it and posts anyway.
    notice = page.get_by_role("alert").filter(has_text="If you need help now")
    expect(notice).to_be_visible()
    expect(field(page, "Your question")).to_have_value(TITLE)
    expect(field(page, "Details")).to_have_value(DETAILS)
    page.get_by_role("button", name="Post my question anyway").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(message(page, "Your question is published.")).to_be_visible()
    expect(page.get_by_text("No replies yet.")).to_be_visible()
    question_url = page.url

    # Another member, in another browser, finds the question among the unanswered
    # ones and replies.
    helper_page = new_context().new_page()
    sign_in(helper_page, live_server.url, helper)
    helper_page.goto(f"{live_server.url}/forum/living-with-a-condition/")
    helper_page.get_by_role("link", name="Unanswered").click()
    helper_page.get_by_role("link", name=TITLE).click()
    expect(helper_page).to_have_url(question_url)
    # With no draft yet there is nothing to discard.
    expect(helper_page.get_by_role("button", name="Discard draft")).to_be_hidden()
    helper_page.get_by_role("textbox", name="Your reply").fill(REPLY)
    helper_page.get_by_role("button", name="Post reply").click()
    expect(message(helper_page, "Your reply is published.")).to_be_visible()
    expect(helper_page.get_by_role("heading", name="1 reply", level=2)).to_be_visible()

    # The asker follows their own question: the header now counts one unread
    # notification, which leads to the reply.
    page.reload()
    account_nav = page.get_by_role("navigation", name="Your account")
    notifications_link = account_nav.get_by_role("link", name="Notifications, 1 unread")
    expect(notifications_link).to_contain_text("1")
    notifications_link.click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    notification = page.get_by_role("listitem").filter(has_text="helpful_hugo replied")
    expect(notification).to_contain_text("New")
    notification.get_by_role(
        "link", name=f"New helpful_hugo replied to your question: “{TITLE}”"
    ).click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(question_url)}#post-\d+$"))
    reply = page.get_by_role("article", name=re.compile(r"^helpful_hugo"))
    expect(reply).to_contain_text(REPLY)
    reply.get_by_role("button", name="Mark as the answer that helped me").click()

    # The reply is shown first, under its own heading, and the question is answered.
    expect(message(page, "You marked this reply as the answer that helped you.")).to_be_visible()
    accepted = page.get_by_role("region", name="The answer that helped the asker")
    expect(accepted.get_by_role("article")).to_contain_text(REPLY)
    expect(accepted.get_by_role("button", name=re.compile("^Unmark"))).to_have_attribute(
        "aria-pressed", "true"
    )
    headings = page.get_by_role("main").get_by_role("heading", level=2)
    expect(headings.first).to_have_text("The answer that helped the asker")
    expect(page.get_by_text("Answered", exact=True)).to_be_visible()

    # The replier sees it too, and the category lists the question as answered and
    # no longer among the unanswered ones.
    helper_page.reload()
    expect(
        helper_page.get_by_role("region", name="The answer that helped the asker")
    ).to_contain_text(REPLY)
    helper_page.get_by_role("link", name="Living with a condition").click()
    listed = helper_page.get_by_role("listitem").filter(
        has=helper_page.get_by_role("link", name=TITLE)
    )
    expect(listed).to_contain_text("Answered")
    helper_page.get_by_role("link", name="Unanswered").click()
    expect(helper_page.get_by_role("link", name=TITLE)).to_have_count(0)

    # A third member finds the answer helpful too.
    reader_page = new_context().new_page()
    sign_in(reader_page, live_server.url, reader)
    reader_page.goto(question_url)
    accepted = reader_page.get_by_role("region", name="The answer that helped the asker")
    helpful = accepted.get_by_role("button", name=re.compile("^Helpful 0"))
    expect(helpful).to_have_attribute("aria-pressed", "false")
    helpful.click()
    expect(message(reader_page, "You marked this reply as helpful.")).to_be_visible()
    expect(accepted.get_by_role("button", name=re.compile("^Helpful 1"))).to_have_attribute(
        "aria-pressed", "true"
    )
    page.reload()
    accepted = page.get_by_role("region", name="The answer that helped the asker")
    expect(
        accepted.get_by_role("button", name="Helpful 1 member found this helpful")
    ).to_have_attribute("aria-pressed", "false")

    # Opening the notification marked it read: it is no longer new, nothing is left to
    # mark, and the header counts none.
    page.get_by_role("link", name="Notifications").click()
    expect(
        page.get_by_role("link", name=f"helpful_hugo replied to your question: “{TITLE}”")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    expect(account_nav.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
