"""
The moderation queue: one admin page of what needs a decision, riskiest first, each
post with its context, one-click decisions and decisions on several posts at once.
"""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.tests.factories import MemberFactory
from accounts.tests.staff import sign_in as staff_sign_in
from forum import flags
from forum.models import Flag, ModerationEvent, Post, PostRevision, RejectionReason, Topic
from forum.risk import risk_fields
from forum.tests.factories import make_question, make_reply, make_trusted_member
from moderation import posts as moderation_posts

ROLES = ["anonymous", "member", "suspended_member", "staff_member", "moderator"]


@pytest.fixture(autouse=True)
def _three_flags_hide(settings):
    settings.ASKWELL_FLAGS_TO_HIDE = 3


def queue_url():
    return reverse("admin:forum_pendingpost_changelist")


def review_url(post):
    return reverse("admin:forum_pendingpost_change", args=[post.pk])


@pytest.fixture
def moderator_client(client, moderator):
    return staff_sign_in(client, moderator)


@pytest.fixture
def sign_in(client, request):
    def sign_in(role):
        if role != "anonymous":
            staff_sign_in(client, request.getfixturevalue(role))
        return client

    return sign_in


def refused(response, role):
    if role == "staff_member":
        return response.status_code == 403
    return response.status_code == 302 and "/login/" in response.url


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def scored(post):
    """Store the risk of a post made by the factories, as the services do."""
    title = post.topic.title if post.topic.opening_post_id == post.pk else None
    Post.objects.filter(pk=post.pk).update(**risk_fields(body=post.body, title=title))
    return Post.objects.get(pk=post.pk)


def flag(post, *, reason="spam", detail="", when=None, flagger=None):
    made = flags.flag_post(
        post=post, flagger=flagger or make_trusted_member(), reason=reason, detail=detail
    )
    if when:
        Flag.objects.filter(pk=made.pk).update(created_at=when)
    return made


def hide(post):
    for _ in range(3):
        flag(post)
    return Post.objects.get(pk=post.pk)


def listed(response):
    return list(response.context["cl"].result_list)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def state_of(post):
    return Post.objects.get(pk=post.pk).state


def open_flag_count(post):
    return Flag.objects.filter(post=post, resolved_at__isnull=True).count()


def decide(client, post, decision, **data):
    return client.post(review_url(post), {"decision": decision, **data})


def act(client, action, posts, **extra):
    return client.post(
        queue_url(), {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in posts], **extra}
    )


@pytest.fixture
def pending_reply(question, member):
    return make_reply(topic=question, author=member, state=Post.State.PENDING, body="Pending.")


@pytest.fixture
def flagged_reply(question, member):
    reply = make_reply(topic=question, author=member, body="Buy my cure at example.com")
    flag(reply, reason="spam")
    return reply


@pytest.fixture
def hidden_reply(question, member):
    return hide(make_reply(topic=question, author=member, body="Stop your medication now."))


@pytest.fixture
def canned(db):
    return RejectionReason.objects.create(
        title="No advertising", text="Posts may not advertise products.", position=0
    )


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

    with django_assert_max_num_queries(13):
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


# One post: the decisions.


def test_a_moderator_approves_a_pending_post(moderator_client, moderator, question, pending_reply):
    response = decide(moderator_client, pending_reply, "approve")

    assertRedirects(response, queue_url())
    assert messages_of(response) == ["Approved and published."]
    assert state_of(pending_reply) == Post.State.APPROVED
    assert Topic.objects.get(pk=question.pk).reply_count == 1
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.post) == ("approve", moderator, pending_reply)


def test_a_moderator_rejects_with_a_canned_reason_and_a_note_and_the_author_gets_both(
    moderator_client,
    moderator,
    member,
    pending_reply,
    canned,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            moderator_client,
            pending_reply,
            "reject",
            canned_reason=canned.pk,
            reason="The link in your second line.",
        )

    assertRedirects(response, queue_url())
    assert messages_of(response) == ["Rejected. The author has been told why by e-mail."]
    pending_reply.refresh_from_db()
    assert pending_reply.state == Post.State.REJECTED
    assert pending_reply.rejection_reason == (
        "Posts may not advertise products.\n\nThe link in your second line."
    )
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert "Posts may not advertise products." in mail.body
    assert "The link in your second line." in mail.body
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("reject", moderator)
    assert event.details == {"canned_reason": "No advertising"}


def test_a_canned_reason_alone_is_enough_to_reject(moderator_client, pending_reply, canned):
    decide(moderator_client, pending_reply, "reject", canned_reason=canned.pk, reason="")

    assert Post.objects.get(pk=pending_reply.pk).rejection_reason == canned.text


def test_a_note_alone_is_enough_to_reject(moderator_client, pending_reply):
    decide(moderator_client, pending_reply, "reject", reason="Off topic here.")

    assert Post.objects.get(pk=pending_reply.pk).rejection_reason == "Off topic here."


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_needs_a_canned_reason_or_a_note(
    moderator_client, pending_reply, reason, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(moderator_client, pending_reply, "reject", reason=reason)

    assert response.status_code == 200
    assert response.context["decision_form"].has_error("__all__", "reason_required")
    assertContains(response, "Choose a canned reason or write a note")
    assert state_of(pending_reply) == Post.State.PENDING
    assert not ModerationEvent.objects.exists()
    assert mailoutbox == []


def test_a_note_typed_before_an_error_is_kept(moderator_client, pending_reply):
    response = decide(moderator_client, pending_reply, "reject", canned_reason="999", reason="Mine")

    assert response.context["decision_form"].has_error("canned_reason", "invalid_choice")
    assertContains(response, "Mine</textarea>")


def test_a_canned_reason_no_longer_offered_cannot_be_chosen(
    moderator_client, pending_reply, canned
):
    RejectionReason.objects.filter(pk=canned.pk).update(is_active=False)

    response = decide(moderator_client, pending_reply, "reject", canned_reason=canned.pk)

    assert response.context["decision_form"].has_error("canned_reason", "invalid_choice")
    assertNotContains(response, "No advertising")
    assert state_of(pending_reply) == Post.State.PENDING


def test_rejecting_a_hidden_post_upholds_its_flags_and_tells_the_author(
    moderator_client, member, hidden_reply, canned, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(moderator_client, hidden_reply, "reject", canned_reason=canned.pk)

    assert state_of(hidden_reply) == Post.State.REJECTED
    assert set(Flag.objects.values_list("resolution", flat=True)) == {"upheld"}
    [mail] = mailoutbox
    assert canned.text in mail.body


def test_rejecting_a_flagged_published_post_unpublishes_it(
    moderator_client, question, flagged_reply
):
    decide(moderator_client, flagged_reply, "reject", reason="Advertising.")

    assert state_of(flagged_reply) == Post.State.REJECTED
    assert Topic.objects.get(pk=question.pk).reply_count == 0
    assert open_flag_count(flagged_reply) == 0


def test_a_moderator_hides_a_flagged_post_while_deciding(
    moderator_client, moderator, question, flagged_reply
):
    response = decide(moderator_client, flagged_reply, "hide")

    assertRedirects(response, queue_url())
    assert messages_of(response) == [
        "Hidden. It stays in the queue until you restore or reject it."
    ]
    assert state_of(flagged_reply) == Post.State.HIDDEN
    assert Topic.objects.get(pk=question.pk).reply_count == 0
    assert open_flag_count(flagged_reply) == 1
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.reason) == (
        "hide",
        moderator,
        "Spam or advertising (1)",
    )
    assert listed(moderator_client.get(queue_url())) == [flagged_reply]


def test_a_moderator_restores_a_hidden_post(moderator_client, moderator, question, hidden_reply):
    response = decide(moderator_client, hidden_reply, "restore")

    assert messages_of(response) == [
        "Restored: the post is published again and its flags are dismissed."
    ]
    assert state_of(hidden_reply) == Post.State.APPROVED
    assert Topic.objects.get(pk=question.pk).reply_count == 1
    assert open_flag_count(hidden_reply) == 0
    assert ModerationEvent.objects.first().action == "restore"


def test_a_moderator_dismisses_the_flags_on_a_published_post(
    moderator_client, moderator, flagged_reply
):
    response = decide(moderator_client, flagged_reply, "dismiss")

    assert messages_of(response) == ["Flags dismissed. The post stays as it is."]
    assert state_of(flagged_reply) == Post.State.APPROVED
    assert Flag.objects.get().resolution == "dismissed"
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("dismiss_flags", moderator)
    assert listed(moderator_client.get(queue_url())) == []


@pytest.mark.parametrize(
    ("fixture", "decision"),
    [
        ("pending_reply", "hide"),
        ("pending_reply", "dismiss"),
        ("hidden_reply", "approve"),
        ("hidden_reply", "dismiss"),
        ("flagged_reply", "approve"),
        ("flagged_reply", "restore"),
        ("flagged_reply", "note"),
        ("flagged_reply", "explode"),
        ("flagged_reply", ""),
    ],
)
def test_a_decision_that_does_not_fit_the_post_is_refused(
    moderator_client, request, fixture, decision
):
    post = request.getfixturevalue(fixture)
    before = state_of(post), open_flag_count(post)

    response = decide(moderator_client, post, decision)

    assert response.status_code == 200
    assert response.context["decision_form"].has_error("decision")
    assert (state_of(post), open_flag_count(post)) == before
    assert not ModerationEvent.objects.exclude(action="hide", moderator=None).exists()


# Several posts at once.


def test_a_moderator_approves_several_posts_and_hears_what_was_skipped(
    moderator_client, question, flagged_reply
):
    first = make_reply(topic=question, state=Post.State.PENDING)
    second = make_reply(topic=question, state=Post.State.PENDING)

    response = act(moderator_client, "approve_selected", [first, second, flagged_reply])

    assertRedirects(response, queue_url())
    assert messages_of(response) == [
        "2 posts approved.",
        "1 post was left as it was. This post is no longer waiting for review.",
    ]
    assert [state_of(p) for p in (first, second)] == ["approved", "approved"]
    assert ModerationEvent.objects.filter(action="approve").count() == 2


def test_rejecting_several_posts_first_asks_for_a_reason(
    moderator_client, pending_reply, hidden_reply, canned
):
    response = act(moderator_client, "reject_selected", [pending_reply, hidden_reply])

    assert response.status_code == 200
    assertContains(response, "You are rejecting 2 posts.")
    assertContains(response, "No advertising: Posts may not advertise products.")
    assert [state_of(p) for p in (pending_reply, hidden_reply)] == ["pending", "hidden"]


def test_a_moderator_rejects_several_posts_with_one_canned_reason_and_each_author_is_told(
    moderator_client,
    question,
    member,
    other_member,
    canned,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    first = make_reply(topic=question, author=member, state=Post.State.PENDING)
    second = hide(make_reply(topic=question, author=other_member))

    with django_capture_on_commit_callbacks(execute=True):
        response = act(
            moderator_client,
            "reject_selected",
            [first, second],
            apply="1",
            canned_reason=canned.pk,
            reason="",
        )

    assertRedirects(response, queue_url())
    assert messages_of(response) == ["2 posts rejected. Each author has been told why by e-mail."]
    assert [state_of(p) for p in (first, second)] == ["rejected", "rejected"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, other_member.email])
    assert ModerationEvent.objects.filter(action="reject").count() == 2


def test_rejecting_several_posts_without_a_reason_keeps_them_selected(
    moderator_client, pending_reply, hidden_reply
):
    response = act(
        moderator_client, "reject_selected", [pending_reply, hidden_reply], apply="1", reason=" "
    )

    assert response.context["form"].has_error("__all__", "reason_required")
    assertContains(response, f'name="{ACTION_CHECKBOX_NAME}" value="{pending_reply.pk}"')
    assertContains(response, f'name="{ACTION_CHECKBOX_NAME}" value="{hidden_reply.pk}"')
    assert [state_of(p) for p in (pending_reply, hidden_reply)] == ["pending", "hidden"]
    assert not ModerationEvent.objects.filter(action="reject").exists()


def test_a_moderator_hides_several_published_posts(
    moderator_client, question, flagged_reply, pending_reply
):
    other = make_reply(topic=question)
    flag(other)

    response = act(moderator_client, "hide_selected", [flagged_reply, other, pending_reply])

    assert messages_of(response) == [
        "2 posts hidden.",
        "1 post was left as it was. This post is not published.",
    ]
    assert [state_of(p) for p in (flagged_reply, other, pending_reply)] == [
        "hidden",
        "hidden",
        "pending",
    ]
    assert ModerationEvent.objects.filter(action="hide").exclude(moderator=None).count() == 2


def test_a_moderator_restores_several_hidden_posts(
    moderator_client, question, hidden_reply, flagged_reply
):
    response = act(moderator_client, "restore_selected", [hidden_reply, flagged_reply])

    assert messages_of(response) == [
        "1 post restored.",
        "1 post was left as it was. This post is not hidden.",
    ]
    assert state_of(hidden_reply) == "approved"
    assert open_flag_count(flagged_reply) == 1


def test_a_moderator_dismisses_flags_on_several_posts_and_hidden_ones_wait(
    moderator_client, question, flagged_reply, hidden_reply
):
    other = make_reply(topic=question)
    flag(other)

    response = act(moderator_client, "dismiss_selected", [flagged_reply, other, hidden_reply])

    assert messages_of(response)[0] == "Flags dismissed on 2 posts."
    assert messages_of(response)[1] == (
        "1 post was left as it was. This post is hidden: restore it or reject it instead."
    )
    assert [open_flag_count(p) for p in (flagged_reply, other, hidden_reply)] == [0, 0, 3]
    assert ModerationEvent.objects.filter(action="dismiss_flags").count() == 2


# Canned reasons, edited in the admin.

REASONS = "/admin/forum/rejectionreason/"


def test_a_moderator_adds_a_canned_reason_and_the_log_records_it(moderator_client, moderator):
    response = moderator_client.post(
        f"{REASONS}add/",
        {
            "title": "Duplicate",
            "text": "Someone asked this already.",
            "position": 3,
            "is_active": "on",
        },
    )

    assertRedirects(response, REASONS)
    assert RejectionReason.objects.filter(title="Duplicate", is_active=True).exists()
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("change_reason", moderator)
    assert event.details["canned_reason"] == "Duplicate"
    assert event.details["added"] is True


def test_a_moderator_stops_offering_a_canned_reason(moderator_client, canned, pending_reply):
    moderator_client.post(
        f"{REASONS}{canned.pk}/change/",
        {"title": canned.title, "text": canned.text, "position": 0},
    )

    canned.refresh_from_db()
    assert not canned.is_active
    assert ModerationEvent.objects.get().details["changed"] == ["is_active"]
    response = moderator_client.get(review_url(pending_reply))
    assertNotContains(response, f'<option value="{canned.pk}">')


def test_a_canned_reason_needs_a_title_and_a_text(moderator_client):
    response = moderator_client.post(f"{REASONS}add/", {"title": "", "text": "", "position": 0})

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("title", "required")
    assert response.context["adminform"].form.has_error("text", "required")
    assert not ModerationEvent.objects.exists()


def test_canned_reasons_cannot_be_deleted(moderator_client, canned):
    response = moderator_client.post(f"{REASONS}{canned.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert RejectionReason.objects.filter(pk=canned.pk).exists()


# Who may do what.


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["queue", "review", "reasons", "reason", "add_reason"])
def test_who_may_open_the_queue_pages(sign_in, role, page, pending_reply, canned):
    url = {
        "queue": queue_url(),
        "review": review_url(pending_reply),
        "reasons": REASONS,
        "reason": f"{REASONS}{canned.pk}/change/",
        "add_reason": f"{REASONS}add/",
    }[page]

    response = sign_in(role).get(url)

    if role == "moderator":
        assert response.status_code == 200
    else:
        assert refused(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("fixture", "decision", "state"),
    [
        ("pending_reply", "approve", "approved"),
        ("pending_reply", "reject", "rejected"),
        ("flagged_reply", "hide", "hidden"),
        ("flagged_reply", "reject", "rejected"),
        ("hidden_reply", "restore", "approved"),
    ],
)
def test_who_may_decide_on_a_post(sign_in, request, role, fixture, decision, state):
    post = request.getfixturevalue(fixture)
    before = state_of(post)

    response = decide(sign_in(role), post, decision, reason="Not for this forum.")

    if role == "moderator":
        assertRedirects(response, queue_url())
        assert state_of(post) == state
    else:
        assert refused(response, role)
        assert state_of(post) == before
        assert not ModerationEvent.objects.exclude(moderator=None).exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_dismiss_flags(sign_in, role, flagged_reply):
    response = decide(sign_in(role), flagged_reply, "dismiss")

    assert (open_flag_count(flagged_reply) == 0) == (role == "moderator")
    if role != "moderator":
        assert refused(response, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "fixture", "changed"),
    [
        ("approve_selected", "pending_reply", "approved"),
        ("reject_selected", "pending_reply", "rejected"),
        ("hide_selected", "flagged_reply", "hidden"),
        ("restore_selected", "hidden_reply", "approved"),
        ("dismiss_selected", "flagged_reply", "approved"),
    ],
)
def test_who_may_use_the_bulk_actions(sign_in, request, role, action, fixture, changed):
    post = request.getfixturevalue(fixture)
    before = state_of(post)

    response = act(sign_in(role), action, [post], apply="1", reason="Not for this forum.")

    if role == "moderator":
        assertRedirects(response, queue_url())
        assert state_of(post) == changed
        assert ModerationEvent.objects.exclude(moderator=None).exists()
    else:
        assert refused(response, role)
        assert state_of(post) == before
        assert not ModerationEvent.objects.exclude(moderator=None).exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_canned_reason(db, sign_in, role):
    response = sign_in(role).post(
        f"{REASONS}add/", {"title": "Duplicate", "text": "Asked already.", "position": 0}
    )

    assert RejectionReason.objects.filter(title="Duplicate").exists() == (role == "moderator")
    if role != "moderator":
        assert refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_canned_reason(sign_in, role, canned):
    response = sign_in(role).post(
        f"{REASONS}{canned.pk}/change/", {"title": "Renamed", "text": "New.", "position": 0}
    )

    assert RejectionReason.objects.get(pk=canned.pk).title == (
        "Renamed" if role == "moderator" else "No advertising"
    )
    if role != "moderator":
        assert refused(response, role)


@pytest.mark.parametrize("url", ["{queue}add/", "{queue}{pk}/delete/"])
def test_a_moderator_cannot_add_or_delete_posts_through_the_queue(
    moderator_client, pending_reply, url
):
    url = url.format(queue=queue_url(), pk=pending_reply.pk)

    assert moderator_client.post(url, {"post": "yes"}).status_code == 403
    assert Post.objects.filter(pk=pending_reply.pk).exists()


def test_the_old_flagged_posts_page_is_gone_into_the_queue(moderator_client):
    assert moderator_client.get("/admin/forum/flaggedpost/").status_code == 404
