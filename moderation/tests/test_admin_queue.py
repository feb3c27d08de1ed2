"""
The moderation queue: one admin page of what needs a decision, riskiest first, each
post with its context. The decisions are in test_admin_queue_decisions.py, who may
use it in test_admin_queue_access.py.
"""

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.tests.factories import MemberFactory
from accounts.tests.staff import sign_in as staff_sign_in
from forum import asking
from forum.models import Post, PostRevision
from forum.risk import risk_fields
from forum.tests.factories import make_question, make_reply
from markup.tests.parsing import scripts_and_handlers
from moderation import posts as moderation_posts

from .helpers import days_ago, flag, hide, listed, messages_of, queue_url, review_url, state_of

pytestmark = pytest.mark.usefixtures("three_flags_hide")


def scored(post):
    """Store the risk of a post made by the factories, as the services do."""
    title = post.topic.title if post.topic.opening_post_id == post.pk else None
    Post.objects.filter(pk=post.pk).update(**risk_fields(body=post.body, title=title))
    return Post.objects.get(pk=post.pk)


# The list: what needs a decision, riskiest first.


def test_the_queue_lists_pending_hidden_and_flagged_posts_only(
    moderator_client, question, pending_reply, flagged_reply, hidden_reply
):
    make_reply(topic=question, body="Published and never flagged")
    make_reply(topic=question, state=Post.State.REJECTED)

    response = moderator_client.get(queue_url())

    assert set(listed(response)) == {pending_reply, flagged_reply, hidden_reply}
    assertContains(response, "Waiting for review")
    assertContains(response, "Hidden after flags")
    assertContains(response, '<td class="field-kind">Flagged</td>', html=True)


def test_the_queue_puts_risk_before_age(moderator_client, question):
    old_plain = make_reply(topic=question, state=Post.State.PENDING, when=days_ago(9))
    new_medication = scored(
        make_reply(topic=question, state=Post.State.PENDING, body="Stop your steroids.")
    )
    new_emergency = scored(
        make_reply(topic=question, state=Post.State.PENDING, body="I have chest pain.")
    )

    response = moderator_client.get(queue_url())

    assert listed(response) == [new_emergency, new_medication, old_plain]


def test_posts_of_equal_risk_wait_oldest_first(moderator_client, question):
    newer = make_reply(topic=question, state=Post.State.PENDING, when=days_ago(1))
    older = make_reply(topic=question, state=Post.State.PENDING, when=days_ago(3))

    assert listed(moderator_client.get(queue_url())) == [older, newer]


def test_a_flagged_post_waits_from_its_first_open_flag(moderator_client, question):
    pending = make_reply(topic=question, state=Post.State.PENDING, when=days_ago(2))
    old_but_flagged_lately = make_reply(topic=question, when=days_ago(30))
    flag(old_but_flagged_lately, when=days_ago(1))
    flagged_long_ago = make_reply(topic=question, when=days_ago(5))
    flag(flagged_long_ago, when=days_ago(4))

    response = moderator_client.get(queue_url())

    assert listed(response) == [flagged_long_ago, pending, old_but_flagged_lately]


def test_the_queue_shows_risk_labels_question_and_kind_of_post(moderator_client, question):
    scored(make_reply(topic=question, state=Post.State.PENDING, body="Ring me: 07700 900123"))

    response = moderator_client.get(queue_url())

    assertContains(
        response, '<span class="askwell-risk askwell-risk--personal_data">Personal data</span>'
    )
    assertContains(response, f'<a href="{question.get_absolute_url()}">{question.title}</a>')
    assertContains(response, "(reply, ")


def test_the_queue_shows_each_authors_history(moderator_client, question, moderator):
    author = MemberFactory(username="newcomer_nia")
    make_question(author=author)
    make_question(author=author)
    make_question(author=author, state=Post.State.REJECTED)
    upheld = make_reply(topic=question, author=author)
    flag(upheld)
    moderation_posts.reject_post(post=upheld, moderator=moderator, reason="Spam.")
    flag(make_reply(topic=question, author=author))
    make_reply(topic=question, author=author, state=Post.State.PENDING)

    response = moderator_client.get(queue_url())

    assertContains(response, "3 approved · 2 rejected · joined")
    assertContains(response, "flags on their posts: 1 upheld, 1 open")


def test_the_queue_says_when_an_author_is_suspended(moderator_client, question, suspended_member):
    make_reply(topic=question, author=suspended_member, state=Post.State.PENDING)

    assertContains(moderator_client.get(queue_url()), "· suspended")


def test_the_queue_can_show_one_kind_of_post(moderator_client, pending_reply, hidden_reply):
    response = moderator_client.get(f"{queue_url()}?kind=hidden")

    assert listed(response) == [hidden_reply]


def test_an_unknown_kind_shows_the_whole_queue(moderator_client, pending_reply, hidden_reply):
    response = moderator_client.get(f"{queue_url()}?kind=nonsense")

    assert response.status_code == 200
    assert set(listed(response)) == {pending_reply, hidden_reply}


def test_the_queue_is_empty_when_nothing_waits(moderator_client, question):
    assert listed(moderator_client.get(queue_url())) == []


@pytest.mark.parametrize("size", [5, 30])
def test_the_queue_makes_a_fixed_number_of_queries(
    moderator_client, question, size, django_assert_max_num_queries
):
    for n in range(size):
        author = MemberFactory()
        make_question(author=author)
        if n % 3 == 0:
            flag(make_reply(topic=question, author=author, body=f"Flagged {n}: stop your meds"))
        elif n % 3 == 1:
            hide(make_reply(topic=question, author=author, body=f"Hidden {n}"))
        else:
            make_reply(topic=question, author=author, state=Post.State.PENDING, body=f"P {n}")

    with django_assert_max_num_queries(14):
        response = moderator_client.get(queue_url())

    assert len(listed(response)) == size


# One post: its page.


def test_the_page_of_a_reply_shows_the_question_and_its_opening_post(
    moderator_client, question, pending_reply
):
    response = moderator_client.get(review_url(pending_reply))

    assertContains(response, f'<a href="{question.get_absolute_url()}">{question.title}</a>')
    assertContains(response, question.opening_post.body_html)
    assertContains(response, "Pending.")


def test_the_page_marks_what_raised_the_risk_on_the_escaped_text(moderator_client, question):
    post = scored(
        make_reply(
            topic=question,
            state=Post.State.PENDING,
            body="<script>x()</script> Just stop your prednisone.",
        )
    )

    response = moderator_client.get(review_url(post))

    assertContains(
        response,
        "&lt;script&gt;x()&lt;/script&gt; Just "
        '<mark class="askwell-risk--medication" title="Medication advice">'
        "stop your prednisone</mark>.",
    )
    assertNotContains(response, "<script>x()")


def test_the_page_marks_risk_in_a_questions_title(moderator_client, member):
    topic = make_question(author=member, title="A miracle diet?", state=Post.State.PENDING)

    response = moderator_client.get(review_url(topic.opening_post))

    assertContains(response, '<mark class="askwell-risk--miracle_cure"')
    assertContains(response, "The question's opening post")


def test_the_page_shows_open_flags_history_and_earlier_versions(
    moderator_client, question, member, other_member
):
    reply = make_reply(topic=question, author=member, body="Take **double** the dose.")
    PostRevision.objects.create(post=reply, body="Originally rude", edited_by=member)
    flag(reply, reason="misinformation", detail="Dangerous advice.", flagger=other_member)

    response = moderator_client.get(review_url(reply))

    assertContains(response, "Medical misinformation")
    assertContains(response, "Dangerous advice.")
    assertContains(response, "other_olga")
    assertContains(response, "Originally rude")
    assertContains(response, "flags on their posts: 0 upheld, 1 open")
    assertContains(response, "Flagged as medical misinformation")


@pytest.mark.parametrize(
    ("fixture", "offered", "not_offered"),
    [
        ("pending_reply", ["approve", "reject"], ["hide", "restore", "dismiss", "source_url"]),
        ("flagged_reply", ["reject", "hide", "dismiss", "source_url"], ["approve", "restore"]),
        ("hidden_reply", ["restore", "reject"], ["approve", "hide", "dismiss", "source_url"]),
    ],
)
def test_the_page_offers_the_decisions_that_fit_the_post(
    moderator_client, request, fixture, offered, not_offered
):
    post = request.getfixturevalue(fixture)

    response = moderator_client.get(review_url(post))

    for name in offered:
        assertContains(response, f'value="{name}"' if name != "source_url" else 'name="source_url"')
    for name in not_offered:
        assertNotContains(
            response, f'value="{name}"' if name != "source_url" else 'name="source_url"'
        )


def test_a_post_that_no_longer_needs_a_decision_sends_back_to_the_queue(moderator_client, question):
    post = make_reply(topic=question)

    response = moderator_client.get(review_url(post))

    assertRedirects(response, queue_url())
    assert messages_of(response) == ["That post no longer needs a decision."]


@pytest.mark.parametrize("object_id", ["abc", "0", "999999"])
def test_an_unknown_post_sends_back_to_the_queue(moderator_client, object_id):
    response = moderator_client.get(f"{queue_url()}{object_id}/change/")

    assertRedirects(response, queue_url())


def test_the_queue_shows_a_pending_post_with_its_review_page(moderator_client, question):
    post = make_reply(topic=question, state=Post.State.PENDING, body="I take **two** tablets.")

    response = moderator_client.get(review_url(post))

    assertContains(
        response,
        '<div class="askwell-post-preview"><p>I take <strong>two</strong> tablets.</p></div>',
        html=True,
    )
    assertContains(response, 'value="approve"')
    assertContains(response, 'value="reject"')
    assert state_of(post) == Post.State.PENDING


@pytest.mark.parametrize("size", [5, 50])
def test_the_moderation_queue_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, moderator, question, size
):
    for _ in range(size):
        make_reply(topic=question, author=MemberFactory(), state=Post.State.PENDING)
    staff_sign_in(client, moderator)

    with django_assert_max_num_queries(14):
        response = client.get("/admin/forum/pendingpost/")

    assert response.status_code == 200
    assert response.context["cl"].result_count == size


# What members wrote, shown inert.

HOSTILE_BODY = (
    "Does this help?\n\n"
    "<script>alert('body')</script>\n\n"
    "<img src=x onerror=alert('img')>\n\n"
    "[click me](javascript:alert('link')) and <a href=\"#\" onclick=\"alert('a')\">this</a>"
)
HOSTILE_TITLE = "<script>alert('title')</script> Is this normal?"


def test_the_moderators_review_page_shows_a_hostile_post_inert(client, member, moderator, category):
    topic = asking.ask_question(
        author=member, category=category, title=HOSTILE_TITLE, body=HOSTILE_BODY
    )
    assert topic.opening_post.state == Post.State.PENDING
    staff_sign_in(client, moderator)

    response = client.get(f"/admin/forum/pendingpost/{topic.opening_post.pk}/change/")

    assert response.status_code == 200
    found = scripts_and_handlers(response.content.decode())
    # The admin's own scripts are files (src) or JSON data; nothing inline runs.
    assert [item for item in found if isinstance(item, tuple)] == []
    assert all(s.get("src") or s.get("type") == "application/json" for s in found)
    assert topic.opening_post.body_html in response.content.decode()
