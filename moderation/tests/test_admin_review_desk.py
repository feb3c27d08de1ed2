"""
The review page as a desk: one post at a time, moving on to the next after each
decision or a skip, and editing a post before approving it.
"""

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from forum.models import ModerationEvent, Post, PostRevision
from forum.tests.factories import make_question, make_reply

from .helpers import days_ago, decide, fresh, messages_of, queue_url, review_url

pytestmark = pytest.mark.usefixtures("three_flags_hide")

PHONE_BODY = "Call me on 07700 900123 and I will tell you how I manage the fatigue."
EDITED_BODY = "Send me a private message and I will tell you how I manage the fatigue."


@pytest.fixture
def two_pending(question):
    """Two replies waiting for review, the older first in the queue."""
    older = make_reply(topic=question, state=Post.State.PENDING, when=days_ago(2))
    newer = make_reply(topic=question, state=Post.State.PENDING, when=days_ago(1))
    return older, newer


def test_after_a_decision_the_next_post_in_the_queue_opens(moderator_client, two_pending):
    older, newer = two_pending

    response = decide(moderator_client, older, "approve")

    assertRedirects(response, review_url(newer))
    assert messages_of(response) == ["Approved and published."]


def test_after_the_last_decision_the_list_opens(moderator_client, two_pending):
    older, newer = two_pending
    decide(moderator_client, older, "approve")

    response = decide(moderator_client, newer, "approve")

    assertRedirects(response, queue_url())


def test_skip_leads_to_the_next_post_without_deciding(moderator_client, two_pending):
    older, newer = two_pending

    response = moderator_client.get(review_url(older))

    assertContains(response, f'href="{review_url(newer)}" data-shortcut="s" rel="next"')
    assert fresh(older).state == Post.State.PENDING


def test_skip_on_the_last_post_comes_round_to_the_first(moderator_client, two_pending):
    older, newer = two_pending

    response = moderator_client.get(review_url(newer))

    assertContains(response, f'href="{review_url(older)}" data-shortcut="s" rel="next"')


def test_skip_with_nothing_else_waiting_goes_back_to_the_list(moderator_client, question):
    only = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.get(review_url(only))

    assertContains(response, f'href="{queue_url()}" data-shortcut="s" rel="next"')


def test_the_page_title_names_the_question_and_why_it_waits(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.get(review_url(post))

    assertContains(
        response,
        "<title>Decide on a post: How long does recovery usually take? (Waiting for review)",
    )


def test_the_page_title_says_error_when_the_decision_was_refused(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING)

    response = decide(moderator_client, post, "reject", reason="  ")

    assert response.status_code == 200
    assertContains(response, "<title>Error: Decide on a post:")


def test_the_page_offers_keyboard_shortcuts_as_an_enhancement(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING)

    response = moderator_client.get(review_url(post))

    assertContains(response, 'data-shortcut="a">Approve and publish</button>')
    assertContains(response, "js/review.js")


# Edit, then approve.


def test_a_moderator_edits_out_a_phone_number_and_publishes_the_post(
    moderator_client, moderator, question, member
):
    post = make_reply(topic=question, author=member, state=Post.State.PENDING, body=PHONE_BODY)

    response = moderator_client.post(review_url(post), {"decision": "edit", "body": EDITED_BODY})

    assertRedirects(response, queue_url())
    assert messages_of(response) == [
        "Edited and published. The author's own words are kept as a revision."
    ]
    post = fresh(post)
    assert (post.state, post.body) == (Post.State.APPROVED, EDITED_BODY)
    assert "07700" not in post.body_html
    assert post.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert (revision.body, revision.edited_by) == (PHONE_BODY, moderator)
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("approve", moderator)
    assert event.details == {"edited_by_moderator": True, "revision": revision.pk}


def test_the_edit_changes_the_risk_marks_to_the_edited_text(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING, body=PHONE_BODY)

    moderator_client.post(review_url(post), {"decision": "edit", "body": EDITED_BODY})

    assert fresh(post).risk_signals == []


def test_an_opening_post_is_edited_with_its_title(moderator_client, member):
    topic = make_question(
        author=member, title="Call 07700 900123 about statins", state=Post.State.PENDING
    )
    post = topic.opening_post

    moderator_client.post(
        review_url(post),
        {"decision": "edit", "title": "A question about statins", "body": EDITED_BODY},
    )

    topic.refresh_from_db()
    assert topic.title == "A question about statins"
    assert PostRevision.objects.get(post=post).title == "Call 07700 900123 about statins"
    assert fresh(post).state == Post.State.APPROVED


def test_an_unchanged_edit_is_a_plain_approval(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING, body=PHONE_BODY)

    moderator_client.post(review_url(post), {"decision": "edit", "body": PHONE_BODY})

    assert fresh(post).state == Post.State.APPROVED
    assert not PostRevision.objects.exists()
    assert ModerationEvent.objects.get().details == {}


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "This field is required."),
        ("Too short", "Ensure this value has at least 20 characters"),
        ("x" * 20_001, "Ensure this value has at most 20000 characters"),
    ],
)
def test_a_bad_edit_is_refused_and_the_typed_text_kept(moderator_client, question, body, error):
    post = make_reply(topic=question, state=Post.State.PENDING, body=PHONE_BODY)

    response = moderator_client.post(review_url(post), {"decision": "edit", "body": body})

    assert response.status_code == 200
    assertContains(response, error)
    assertContains(response, "<title>Error: ")
    if body:
        assertContains(response, body[:50])
    assert fresh(post).state == Post.State.PENDING
    assert fresh(post).body == PHONE_BODY


def test_an_empty_title_is_refused_on_an_opening_post(moderator_client, member):
    topic = make_question(author=member, state=Post.State.PENDING)

    response = moderator_client.post(
        review_url(topic.opening_post), {"decision": "edit", "title": "  ", "body": EDITED_BODY}
    )

    assertContains(response, "A question needs a title.")
    assertContains(response, EDITED_BODY)
    assert fresh(topic.opening_post).state == Post.State.PENDING


def test_a_published_post_cannot_be_edited_from_the_queue(moderator_client, question, member):
    from .helpers import flag

    post = make_reply(topic=question, author=member, body=PHONE_BODY)
    flag(post)

    response = moderator_client.post(review_url(post), {"decision": "edit", "body": EDITED_BODY})

    assert response.status_code == 200
    assertContains(response, "That decision is not possible for this post now.")
    assert fresh(post).body == PHONE_BODY


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "other_member", "suspended_member", "staff_member"]
)
def test_only_moderators_edit_and_approve(sign_in, role, question, member):
    post = make_reply(topic=question, author=member, state=Post.State.PENDING, body=PHONE_BODY)

    response = sign_in(role).post(review_url(post), {"decision": "edit", "body": EDITED_BODY})

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response.url
    assert fresh(post).body == PHONE_BODY
    assert fresh(post).state == Post.State.PENDING


# The service.


def test_the_service_refuses_a_member(member, question):
    from forum.errors import Refused
    from moderation.posts import edit_and_approve_post

    post = make_reply(topic=question, state=Post.State.PENDING, body=PHONE_BODY)

    with pytest.raises(Refused):
        edit_and_approve_post(post=post, moderator=member, body=EDITED_BODY)

    assert fresh(post).body == PHONE_BODY


def test_the_service_refuses_a_post_already_decided(moderator, question):
    from forum.errors import Refused
    from moderation.posts import edit_and_approve_post

    post = make_reply(topic=question, body=PHONE_BODY)

    with pytest.raises(Refused):
        edit_and_approve_post(post=post, moderator=moderator, body=EDITED_BODY)

    assert fresh(post).body == PHONE_BODY
    assert not PostRevision.objects.exists()


# The author's record.


def test_a_corrected_post_counts_in_the_authors_record(moderator_client, moderator, question):
    from accounts.tests.factories import MemberFactory
    from moderation import corrections

    author = MemberFactory(username="corrected_cora")
    corrected = make_reply(topic=question, author=author, body="Statins cure everything.")
    corrections.add_or_change_note(
        moderator=moderator,
        post=corrected,
        text="Statins lower cholesterol; they cure nothing.",
        source_url="https://example.org/statins",
        source_article=None,
    )
    waiting = make_reply(topic=question, author=author, state=Post.State.PENDING)

    review = moderator_client.get(review_url(waiting))
    listing = moderator_client.get(queue_url())

    assertContains(review, "1 corrected by a moderator&#x27;s note")
    assertContains(listing, "1 corrected by a moderator&#x27;s note")
