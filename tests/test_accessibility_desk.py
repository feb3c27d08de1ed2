"""
Accessibility beyond the members' pages: the moderators' admin pages have no axe-core
violations (WCAG 2.2's target size included, on the lists' filters); no page is wider
than a 320 px screen; and a member asks and replies with the keyboard alone.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import ModeratorFactory
from accounts.tests.staff import give_totp
from forum.models import ModerationEvent, Post, Topic
from forum.tests.factories import make_question, make_reply, make_trusted_member
from moderation import members
from tests.browser import axe_violations, sign_in_to_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]

LONG_WORD = "Immunoglobulinreplacementtherapyforinflammatorymyopathies" * 3

# WCAG 2.2 AA's target size (24 px) is checked whether or not axe's defaults include it.
WCAG22 = {"target-size": {"enabled": True}}


def violations(page):
    return axe_violations(page, rules=WCAG22)


def test_the_moderators_admin_pages_have_no_axe_violations(live_server, new_context, member):
    moderator = give_totp(ModeratorFactory(username="mod_mira"))
    question = make_question(title="How long does recovery usually take?")
    pending = make_reply(topic=question, state=Post.State.PENDING, body=f"{LONG_WORD} here.")
    members.suspend_member(moderator=moderator, member=member, until=None, reason="Spam")
    page = new_context().new_page()
    sign_in_to_admin(page, live_server.url, moderator)
    review = reverse("admin:forum_pendingpost_change", args=[pending.pk])
    pages = {
        "index": reverse("admin:index"),
        "queue": reverse("admin:forum_pendingpost_changelist"),
        "review": review,
        "log": reverse("admin:forum_moderationevent_changelist"),
        "members": reverse("admin:accounts_member_changelist"),
        "questions": reverse("admin:forum_topic_changelist"),
        "flags": reverse("admin:forum_flag_changelist"),
    }
    found = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        found[name] = violations(page)
    # A rejection without a reason comes back with its error, and a new title.
    page.goto(live_server.url + review)
    page.get_by_role("button", name="Reject and tell the author").click()
    expect(page).to_have_title(re.compile("^Error: Decide on a post"))
    found["review with an error"] = violations(page)

    assert found == {name: [] for name in found}
    assert ModerationEvent.objects.filter(action="suspend").exists()


def test_no_page_is_wider_than_a_320_px_screen(live_server, signed_in_page, member):
    question = make_question(title="How long does recovery usually take?", author=member)
    make_reply(topic=question, body=f"Look up {LONG_WORD} and https://example.org/{LONG_WORD}")
    page = signed_in_page(member, viewport={"width": 320, "height": 640})
    paths = [
        "/",
        "/articles/",
        "/forum/",
        question.category.get_absolute_url(),
        question.get_absolute_url(),
        "/forum/ask/",
        "/forum/notifications/",
        "/accounts/professional/",
        f"/search/?q={LONG_WORD[:40]}",
        reverse("members:profile", args=[member.username]),
    ]
    too_wide = {}
    for path in paths:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    assert too_wide == {}


@pytest.mark.parametrize("width", [320, 400])
def test_on_a_phone_the_header_takes_at_most_a_sixth_of_the_screen(
    live_server, new_context, signed_in_page, member, width
):
    height = 640
    member.username = "a_rather_long_username"
    member.save(update_fields=["username"])
    pages = {
        "signed out": new_context(viewport={"width": width, "height": height}).new_page(),
        "signed in": signed_in_page(member, viewport={"width": width, "height": height}),
    }
    tall = {}
    for who, page in pages.items():
        page.goto(f"{live_server.url}/forum/")
        box = page.locator(".site-header").bounding_box()
        if box["height"] > height / 6:
            tall[who] = box["height"]
        # Search is a link away, reached by keyboard like the rest of the header.
        search = page.get_by_role("navigation", name="Main").get_by_role("link", name="Search")
        tab_to(page, search)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/search/$"))
        expect(page.get_by_role("main").get_by_role("searchbox")).to_be_visible()
    assert tall == {}


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has the focus, as a keyboard user does."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_a_member_asks_previews_meets_an_error_posts_and_replies_by_keyboard_alone(
    live_server, signed_in_page
):
    asker = make_trusted_member(username="keyboard_kim")
    page = signed_in_page(asker)
    page.goto(f"{live_server.url}/forum/ask/")

    title = page.get_by_label(re.compile("^Your question"))
    tab_to(page, title)
    page.keyboard.type("Does a cold make the weakness worse for a while?")
    category = page.get_by_label(re.compile("^Topic|^Category"))
    tab_to(page, category)
    page.keyboard.press("ArrowDown")
    details = page.get_by_label(re.compile("^Details"))
    tab_to(page, details)
    page.keyboard.type("Too short.")

    # Preview, by keyboard: the text is shown as it will look.
    tab_to(page, page.get_by_role("button", name="Preview"))
    page.keyboard.press("Enter")
    preview = page.get_by_role("region").filter(has_text="This is how your text will look")
    expect(preview.first).to_be_visible()

    # Post: the error comes back, the text kept.
    tab_to(page, page.get_by_role("button", name="Post your question"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="needs another look")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    details = page.get_by_label(re.compile("^Details"))
    expect(details).to_have_value("Too short.")
    tab_to(page, details)
    page.keyboard.press("End")
    page.keyboard.type(" Every cold leaves my legs weaker for two weeks.")
    tab_to(page, page.get_by_role("button", name="Post your question"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Does a cold make the weakness worse for a while?"
    )

    # Reply, by keyboard.
    reply = page.get_by_role("textbox", name=re.compile("^Your reply"))
    tab_to(page, reply)
    page.keyboard.type("Adding: it is the same after the flu jab, for a few days.")
    tab_to(page, page.get_by_role("button", name="Post reply"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("it is the same after the flu jab")).to_be_visible()
    topic = Topic.objects.get(title="Does a cold make the weakness worse for a while?")
    assert topic.posts.count() == 2
