"""
The main pages in a real browser: no axe-core violations, and asking works without
JavaScript.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, MemberFactory
from forum import answers, editing
from forum.models import Category, Post
from forum.notifications import follows, inbox, mail
from forum.tests.factories import make_question, make_reply
from moderation import corrections, questions
from tests.browser import PageCase, field, viewers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]


@dataclass(frozen=True)
class Forum:
    answered_url: str
    locked_url: str
    pending_url: str
    reply_pk: int
    unsubscribe_url: str


@pytest.fixture
def forum(imported_articles, member, other_member, moderator, suspended_member):
    """
    A question with replies: one chosen as the answer that helped, some marked helpful,
    one removed by its author, one corrected by a moderator's note; an asker who is a
    verified health professional; an unanswered, locked question; a question still
    waiting for review; notifications for `member`, one read and one new; and a member
    suspended with a reason.
    """
    article = imported_articles["necrotizing-myopathy"]
    treatments = Category.objects.get(slug="treatments-and-medication")
    reader = MemberFactory(username="reader_rae")
    answered = make_question(
        author=other_member,
        category=treatments,
        title="How long did it take for IVIG to make a difference?",
        body="I started immunoglobulin six weeks ago. **When** did you feel stronger?",
        article=article,
    )
    accepted = make_reply(
        topic=answered,
        author=member,
        body="About four months for me.\n\n- keep a diary\n- ask about physiotherapy",
    )
    linked = make_reply(
        topic=answered,
        body="See <https://example.org/ivig> for what helped us.",
    )
    removed = make_reply(topic=answered, author=reader, body="I posted this in the wrong place.")
    answers.accept_answer(post=accepted, member=other_member)
    answers.mark_helpful(post=accepted, member=reader)
    answers.mark_helpful(post=linked, member=member)
    editing.remove_post(post=removed, member=reader)
    # Edited by its author, then by a moderator: the post links to its edit history.
    editing.replace_text(
        Post.objects.get(pk=accepted.pk),
        editor=member,
        body=f"{accepted.body}\n- rest <b>before</b> you are tired",
    )
    editing.replace_text(
        Post.objects.get(pk=accepted.pk),
        editor=moderator,
        body=f"{accepted.body}\n- rest before you are tired",
    )
    corrections.add_or_change_note(
        moderator=moderator,
        post=linked,
        text="IVIG is given by a specialist team; doses are **not** the same for everyone.",
        source_article=article,
    )
    other_member.professional_title = "Physiotherapist"
    other_member.professional_until = timezone.localdate() + timedelta(days=30)
    other_member.save()
    suspended_member.suspended_until = timezone.now() + timedelta(days=7)
    suspended_member.suspension_reason = "Advice to stop treatment."
    suspended_member.save()
    locked = make_question(
        category=treatments,
        title="Does anyone take methotrexate with IVIG?",
        body="My neurologist suggested adding it. What was it like for you?",
        slug="methotrexate",
    )
    questions.lock_topic(topic=locked, moderator=moderator)
    pending = make_question(
        author=member,
        title="Could my statin really have caused this?",
        body="I stopped my statin months ago but my legs are still weak.",
        state=Post.State.PENDING,
        article=article,
    )

    follows.follow_category(member=member, category=treatments)
    asked = make_question(
        category=treatments,
        title="Which blood tests do you have every month?",
        body="My hospital checks CK every month. What do yours check?",
        slug="blood-tests",
    )
    inbox.create_notifications(post_id=asked.opening_post_id)
    inbox.mark_all_read(member=member)
    follows.follow_topic(member=member, topic=answered)
    later = make_reply(topic=answered, author=reader, body="Mine took nearly half a year.")
    inbox.create_notifications(post_id=later.pk)

    return Forum(
        answered_url=answered.get_absolute_url(),
        locked_url=locked.get_absolute_url(),
        pending_url=pending.get_absolute_url(),
        reply_pk=accepted.pk,
        unsubscribe_url=reverse("forum:unsubscribe", args=[mail.make_unsubscribe_token(member)]),
    )


NEEDS_ANOTHER_LOOK = (("alert", "needs another look"),)

CASES = {
    "home": PageCase("/"),
    "article": PageCase("/articles/necrotizing-myopathy/"),
    "forum index": PageCase("/forum/"),
    "category": PageCase("/forum/treatments-and-medication/"),
    "unanswered questions": PageCase(
        "/forum/treatments-and-medication/?show=unanswered",
        who="member",
        shows=(("status", "2 unanswered questions"),),
    ),
    "question as its asker": PageCase(
        "{answered_url}", who="other_member", shows=(("button", "Unmark"),)
    ),
    "question as a reader": PageCase(
        "{answered_url}", shows=(("region", "The answer that helped the asker"),)
    ),
    "question as a member": PageCase(
        "{answered_url}", who="member", shows=(("article", "Removed by its author"),)
    ),
    "question as a moderator": PageCase(
        "{answered_url}", who="moderator", shows=(("article", "Removed text"),)
    ),
    "own pending question": PageCase("{pending_url}", who="member"),
    "ask": PageCase("/forum/ask/?article=necrotizing-myopathy"),
    "ask with errors": PageCase(
        "/forum/ask/", who="member", press="Post your question", shows=NEEDS_ANOTHER_LOOK
    ),
    "ask with emergency, preview and similar questions": PageCase(
        "/forum/ask/",
        who="member",
        fill=(
            ("Your question", "How long does IVIG take to make a difference?"),
            ("Details", "Since my last infusion I have chest pain and *can't breathe* well."),
        ),
        press="Preview",
        shows=(
            ("alert", "If you need help now"),
            ("region", "This is how your text will look"),
            ("region", "How long did it take for IVIG to make a difference?"),
        ),
    ),
    "edit with an error": PageCase(
        "/forum/posts/{reply_pk}/edit/",
        who="member",
        fill=(("Your reply", "Too short."),),
        press="Save your edit",
        shows=NEEDS_ANOTHER_LOOK,
    ),
    "edit with preview": PageCase(
        "/forum/posts/{reply_pk}/edit/",
        who="member",
        fill=(("Your reply", "About four months for me, and **rest** helped."),),
        press="Preview",
        shows=(("region", "This is how your text will look"),),
    ),
    "edit history as its author": PageCase(
        "/forum/posts/{reply_pk}/edits/",
        who="member",
        shows=(("heading", "Edited by a moderator"),),
    ),
    "edit history as a reader": PageCase(
        "/forum/posts/{reply_pk}/edits/", shows=(("heading", "Edited by patient_pat"),)
    ),
    "remove": PageCase("/forum/posts/{reply_pk}/remove/", who="member"),
    "flag with an error": PageCase(
        "/forum/posts/{reply_pk}/flag/",
        who="other_member",
        press="Send to the moderators",
        shows=NEEDS_ANOTHER_LOOK,
    ),
    "notifications": PageCase("/forum/notifications/", who="member", shows=(("listitem", "New"),)),
    "notification settings": PageCase(
        "/accounts/notifications/",
        who="member",
        shows=(("region", "How long did it take for IVIG"),),
    ),
    "unsubscribe": PageCase("{unsubscribe_url}"),
    "unsubscribed": PageCase(
        "{unsubscribe_url}", press="Stop notification e-mail", shows=(("status", "Done"),)
    ),
    "unsubscribe with a bad link": PageCase("/forum/unsubscribe/not-a-token/", status=400),
    "locked question": PageCase("{locked_url}", who="member", shows=(("region", "is locked"),)),
    "ask while suspended": PageCase(
        "/forum/ask/", who="suspended_member", shows=(("alert", "suspended"),)
    ),
    "ask with personal data": PageCase(
        "/forum/ask/",
        who="member",
        fill=(
            ("Your question", "Can someone near Leeds call me about IVIG?"),
            ("Details", "Please ring me on 07700 900123 or write to ana@example.org."),
        ),
        press="Post your question",
        shows=(("alert", "phone number"),),
    ),
    "professional application": PageCase("/accounts/professional/", who="member"),
    "professional application with errors": PageCase(
        "/accounts/professional/",
        who="member",
        press="Send to the moderators",
        shows=NEEDS_ANOTHER_LOOK,
    ),
    "search results": PageCase("/search/?q=IVIG"),
    "sign in": PageCase("/accounts/login/"),
    "sign up": PageCase("/accounts/signup/"),
}


VIEWERS = viewers(CASES.values())


@pytest.mark.parametrize("who", VIEWERS.values(), ids=VIEWERS.keys())
def test_pages_have_no_axe_violations(who, check_pages, forum):
    check_pages(CASES, who, vars(forum))


def test_member_asks_a_question_without_javascript(live_server, new_context, member):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/forum/ask/")
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label(re.compile(r"^username or e-?mail", re.IGNORECASE)).fill(member.username)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()

    expect(page).to_have_url(re.compile(r"/forum/ask/$"))
    field(page, "Your question").fill("Is it safe to exercise during a flare?")
    field(page, "Category").select_option(label="Living with a condition")
    field(page, "Details").fill("My physiotherapist and my neurologist disagree about this.")
    page.get_by_role("button", name="Post your question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is it safe to exercise during a flare?"
    )
    expect(page.get_by_role("status")).to_contain_text("once a moderator has reviewed it")
