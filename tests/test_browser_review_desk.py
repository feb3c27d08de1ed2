"""
The review page in real Chromium: keyboard shortcuts, a warning before the staff
session runs out, the rejection note kept through signing in again, and a page that
fits a 1,280 px screen and a phone.
"""

import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, ModeratorFactory
from accounts.tests.staff import TOTP_SECRET, give_totp
from forum.models import Post, RejectionReason
from forum.tests.factories import make_question, make_reply
from tests.browser import field, fresh_totp_code, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("migrated_data")]

NOTE = "Please leave out the phone number, then post it again."
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_timed_out_moderator_is_warned_and_their_note_survives_signing_in_again(
    live_server, new_context, settings
):
    settings.ASKWELL_ADMIN_SESSION_SECONDS = 8
    moderator = give_totp(ModeratorFactory(username="mod_mira"))
    question = make_question(title="How long does recovery usually take?")
    post = make_reply(
        topic=question, state=Post.State.PENDING, body="Call me on 07700 900123 any time."
    )
    page = new_context().new_page()
    sign_in_to_admin(page, live_server.url, moderator)
    review = f"{live_server.url}{reverse('admin:forum_pendingpost_change', args=[post.pk])}"
    page.goto(review)

    # "r" takes the keyboard to the rejection note.
    page.keyboard.press("r")
    note = field(page, "Your note for the author")
    expect(note).to_be_focused()
    note.press_sequentially(NOTE[:20])
    note.fill(NOTE)

    # Before the session ends, the page says so.
    warning = page.get_by_role("alert").filter(has_text="Your session ends soon")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=7000)
    time.sleep(5)  # The session ends: no request for longer than its 8 seconds.

    page.get_by_role("button", name="Reject and tell the author").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert Post.objects.get(pk=post.pk).state == Post.State.PENDING

    # Signing in again leads back to the post, the note put back as it was typed.
    cache.clear()
    page.get_by_label(re.compile(r"^username or e-?mail", re.IGNORECASE)).fill(moderator.username)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    page.get_by_role("textbox").fill(fresh_totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(review)
    expect(field(page, "Your note for the author")).to_have_value(NOTE)

    settings.ASKWELL_ADMIN_SESSION_SECONDS = 3600
    page.get_by_role("button", name="Reject and tell the author").click()
    expect(page.locator(".messagelist")).to_contain_text("Rejected")
    assert Post.objects.get(pk=post.pk).rejection_reason == NOTE


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)])
def test_the_queue_and_the_review_page_fit_the_screen(live_server, new_context, width, height):
    RejectionReason.objects.create(
        title=("Personal data " * 5).strip(),
        text="Posts may not share phone numbers. " * 20,
        position=0,
    )
    moderator = give_totp(ModeratorFactory(username="mod_mira"))
    question = make_question(title="How long does recovery usually take?")
    post = make_reply(topic=question, state=Post.State.PENDING, body=f"{LONG_WORD} " * 3)
    page = new_context(viewport={"width": width, "height": height}).new_page()
    sign_in_to_admin(page, live_server.url, moderator)

    page.goto(f"{live_server.url}{reverse('admin:forum_pendingpost_change', args=[post.pk])}")
    assert page_width(page) <= width
    select = field(page, "Canned reason")
    assert select.bounding_box()["width"] <= width

    page.goto(f"{live_server.url}{reverse('admin:forum_pendingpost_changelist')}")
    text_cell = page.locator("#result_list td.field-excerpt, #result_list th.field-excerpt")
    if width >= 1280:
        assert page_width(page) <= width
        # The text column is wide enough for words, not one word per line.
        assert text_cell.first.bounding_box()["width"] >= 200
