"""
A moderator's shift in real Chromium: sign in with an authenticator code, read the
queue (riskiest first), approve one post, reject another with a canned reason and a
note, and suspend the member who wrote it; that member then meets the suspension.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import MemberFactory, ModeratorFactory
from accounts.tests.staff import give_totp
from forum.asking import ask_question
from forum.models import Category, ModerationEvent, Post
from tests.browser import field, sign_in, sign_in_to_admin

pytestmark = pytest.mark.browser

RISKY_TITLE = "Should I stop my prednisone?"
RISKY_BODY = "My neighbour says you should just stop taking prednisone and double your IVIG."
CALM_TITLE = "Which shoes help with weak legs?"
CALM_BODY = "My legs tire quickly on walks. Which shoes have helped other members?"


def test_a_moderator_signs_in_with_a_code_works_the_queue_and_suspends_a_member(
    migrated_data, live_server, new_context, settings
):
    moderator = give_totp(ModeratorFactory(username="mod_mira"))
    writer = MemberFactory(username="risky_rita")
    calm = MemberFactory(username="calm_carl")
    category = Category.objects.get(slug="treatments-and-medication")
    # New members' questions wait for review; the calm one was written first, but the
    # risky one (advice to stop medication) comes first in the queue.
    ask_question(author=calm, category=category, title=CALM_TITLE, body=CALM_BODY)
    ask_question(author=writer, category=category, title=RISKY_TITLE, body=RISKY_BODY)

    page = new_context().new_page()
    sign_in_to_admin(page, live_server.url, moderator)
    metrics = page.get_by_role("table", name="Waiting for moderators")
    expect(
        metrics.get_by_role("row", name=re.compile("Posts waiting for a decision"))
    ).to_contain_text("2")

    page.get_by_role("link", name="Moderation queue").first.click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("My neighbour says")
    expect(rows.first).to_contain_text(re.compile("medication", re.IGNORECASE))

    # Approve the calm question from its page.
    rows.nth(1).get_by_role("link", name=re.compile("^My legs tire")).click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved")

    # The next post in the queue opens: reject the risky one with a canned reason and
    # a note; the risky words are marked.
    expect(page).to_have_title(re.compile(f"^Decide on a post: {re.escape(RISKY_TITLE)}"))
    expect(page.locator("mark").first).to_be_visible()
    canned = field(page, "Canned reason")
    canned.select_option(
        canned.get_by_role("option", name=re.compile("^Medical advice")).get_attribute("value")
    )
    field(page, "Your note for the author").fill("Please talk to your neurologist first.")
    page.get_by_role("button", name="Reject and tell the author").click()
    expect(page.locator(".messagelist")).to_contain_text("Rejected")
    expect(page.locator("#result_list tbody tr")).to_have_count(0)
    rejected = Post.objects.get(author=writer)
    assert rejected.state == Post.State.REJECTED
    assert "neurologist" in rejected.rejection_reason
    assert any(writer.email in m.to and "neurologist" in m.body for m in mail.outbox)

    # Suspend the writer for seven days from Member standing.
    page.goto(f"{live_server.url}{reverse('admin:accounts_member_changelist')}")
    page.get_by_role("row", name=re.compile("risky_rita")).get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label="Suspend…")
    page.get_by_role("button", name="Run").click()
    page.get_by_label("7 days").check()
    field(page, "Reason").fill("Advising others to stop their treatment.")
    page.get_by_role("button", name="Suspend").click()
    expect(page.locator(".messagelist")).to_contain_text("uspended")
    writer.refresh_from_db()
    assert writer.is_currently_suspended()
    assert set(ModerationEvent.objects.values_list("action", flat=True)) == {
        "approve",
        "reject",
        "suspend",
    }

    # The member, in their own browser, still reads, but meets the suspension, its
    # reason and its end whenever they try to post.
    member_page = new_context().new_page()
    sign_in(member_page, live_server.url, writer)
    member_page.goto(f"{live_server.url}{category.get_absolute_url()}")
    member_page.get_by_role("link", name=CALM_TITLE).click()
    expect(member_page.get_by_role("heading", name=CALM_TITLE, level=1)).to_be_visible()
    notice = member_page.get_by_role("alert")
    expect(notice).to_contain_text("Your account is suspended")
    expect(notice).to_contain_text(f"{writer.suspended_until.astimezone():%-d %B %Y}")
    expect(notice).to_contain_text("Advising others to stop their treatment.")
    expect(member_page.get_by_role("button", name="Post reply")).to_have_count(0)
    member_page.goto(f"{live_server.url}{reverse('forum:ask')}")
    expect(member_page.get_by_role("alert")).to_contain_text("Your account is suspended")
