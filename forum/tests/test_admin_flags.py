"""
Flags in the admin: moderators find flagged posts, decide on them one at a time or
several at once, look flags up, and read the earlier versions of edited posts.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.tests.factories import MemberFactory
from forum import flags
from forum.models import Flag, ModerationEvent, Post, PostRevision, Topic
from forum.tests.factories import make_reply

FLAGGED = "/admin/forum/flaggedpost/"
FLAGS = "/admin/forum/flag/"
NOT_MODERATORS = ["anonymous", "member", "other_member", "suspended_member", "staff_member"]


@pytest.fixture(autouse=True)
def _three_flags_hide(settings):
    settings.ASKWELL_FLAGS_TO_HIDE = 3


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def sign_in(client, request):
    def sign_in(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return sign_in


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def flag(post, *, reason="spam", detail="", when=None, flagger=None):
    made = flags.flag_post(
        post=post, flagger=flagger or MemberFactory(), reason=reason, detail=detail
    )
    if when:
        Flag.objects.filter(pk=made.pk).update(created_at=when)
    return made


def hide(post):
    for _ in range(3):
        flag(post)
    return Post.objects.get(pk=post.pk)


def decide_url(post):
    return f"{FLAGGED}{post.pk}/change/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def state_of(post):
    return Post.objects.get(pk=post.pk).state


def open_flag_count(post):
    return Flag.objects.filter(post=post, resolved_at__isnull=True).count()


@pytest.fixture
def flagged_reply(question, member):
    reply = make_reply(topic=question, author=member, body="Buy my cure at example.com")
    flag(reply, reason="spam")
    return reply


@pytest.fixture
def hidden_reply(question, member):
    return hide(make_reply(topic=question, author=member, body="Stop your medication now."))


# The list of flagged posts.


def test_flagged_posts_are_listed_longest_waiting_first(moderator_client, question):
    newer = make_reply(topic=question, body="Newer flagged reply")
    older = make_reply(topic=question, body="Older flagged reply")
    flag(newer, when=days_ago(1))
    flag(older, when=days_ago(3))
    flag(older, when=days_ago(0))

    response = moderator_client.get(FLAGGED)

    assert list(response.context["cl"].result_list) == [older, newer]


def test_posts_whose_flags_were_all_resolved_are_not_listed(
    moderator_client, moderator, flagged_reply, question
):
    flags.dismiss_flags(post=flagged_reply, moderator=moderator)
    make_reply(topic=question, body="Never flagged")

    response = moderator_client.get(FLAGGED)

    assert list(response.context["cl"].result_list) == []


def test_the_list_shows_the_question_author_state_count_and_reasons(
    moderator_client, hidden_reply, question
):
    response = moderator_client.get(FLAGGED)

    assertContains(response, "Stop your medication now.")
    assertContains(response, f'<a href="{question.get_absolute_url()}">{question.title}</a>')
    assertContains(response, "patient_pat")
    assertContains(response, "Hidden until a moderator decides")
    assertContains(response, '<td class="field-open_flag_count">3</td>', html=True)
    assertContains(response, "Spam or advertising (3)")


def test_the_list_of_flagged_posts_makes_a_fixed_number_of_queries(
    moderator_client, question, django_assert_max_num_queries
):
    for n in range(5):
        flag(make_reply(topic=question, body=f"Flagged reply {n}"), reason="abuse")

    with django_assert_max_num_queries(15):
        moderator_client.get(FLAGGED)


def test_hidden_posts_can_be_found_among_all_posts(moderator_client, hidden_reply):
    response = moderator_client.get("/admin/forum/post/?state__exact=hidden")

    assert list(response.context["cl"].result_list) == [hidden_reply]


# One post: the decision page.


def test_the_decision_page_shows_the_post_and_every_flag(
    moderator_client, question, member, other_member
):
    reply = make_reply(topic=question, author=member, body="Take **double** the dose.")
    flag(reply, reason="misinformation", detail="Dangerous advice.", flagger=other_member)

    response = moderator_client.get(decide_url(reply))

    assertContains(
        response,
        '<div class="askwell-post-preview"><p>Take <strong>double</strong> the dose.</p></div>',
        html=True,
    )
    assertContains(response, "Medical misinformation (1)")
    assertContains(response, "Dangerous advice.")
    assertContains(response, "other_olga")
    assertNotContains(response, 'name="flags-0-reason"')


def test_a_published_post_can_be_left_published_or_unpublished(moderator_client, flagged_reply):
    response = moderator_client.get(decide_url(flagged_reply))

    assertContains(response, 'value="dismiss"')
    assertContains(response, 'value="uphold"')
    assertNotContains(response, 'value="restore"')


def test_a_hidden_post_can_be_restored_or_kept_unpublished(moderator_client, hidden_reply):
    response = moderator_client.get(decide_url(hidden_reply))

    assertContains(response, 'value="restore"')
    assertContains(response, 'value="uphold"')
    assertNotContains(response, 'value="dismiss"')


def test_a_moderator_restores_a_hidden_post(moderator_client, moderator, hidden_reply, question):
    response = moderator_client.post(decide_url(hidden_reply), {"decision": "restore"})

    assertRedirects(response, FLAGGED)
    assert messages_of(response) == [
        "Restored: the post is published again and its flags are dismissed."
    ]
    assert state_of(hidden_reply) == Post.State.APPROVED
    assert Topic.objects.get(pk=question.pk).reply_count == 1
    assert open_flag_count(hidden_reply) == 0
    event = ModerationEvent.objects.first()
    assert (event.action, event.moderator, event.post) == ("restore", moderator, hidden_reply)


def test_a_moderator_dismisses_the_flags_on_a_published_post(
    moderator_client, moderator, flagged_reply
):
    response = moderator_client.post(decide_url(flagged_reply), {"decision": "dismiss"})

    assertRedirects(response, FLAGGED)
    assert messages_of(response) == ["Flags dismissed. The post stays as it is."]
    assert state_of(flagged_reply) == Post.State.APPROVED
    assert Flag.objects.get().resolution == "dismissed"
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator) == ("dismiss_flags", moderator)


def test_a_moderator_keeps_a_hidden_post_unpublished_and_its_author_is_told(
    moderator_client,
    moderator,
    member,
    hidden_reply,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            decide_url(hidden_reply), {"decision": "uphold", "reason": "Medical advice is risky."}
        )

    assertRedirects(response, FLAGGED)
    assert messages_of(response) == ["Kept unpublished. The author has been told why by e-mail."]
    hidden_reply.refresh_from_db()
    assert (hidden_reply.state, hidden_reply.rejection_reason) == (
        "rejected",
        "Medical advice is risky.",
    )
    assert set(Flag.objects.values_list("resolution", flat=True)) == {"upheld"}
    event = ModerationEvent.objects.first()
    assert (event.action, event.moderator, event.reason) == (
        "reject",
        moderator,
        "Medical advice is risky.",
    )
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert "Medical advice is risky." in mail.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_keeping_a_post_unpublished_needs_a_reason(
    moderator_client, hidden_reply, reason, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            decide_url(hidden_reply), {"decision": "uphold", "reason": reason}
        )

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("reason", "reason_required")
    assertContains(response, "Give the author a reason; it is sent to them by e-mail.")
    assert state_of(hidden_reply) == Post.State.HIDDEN
    assert open_flag_count(hidden_reply) == 3
    assert mailoutbox == []


def test_the_decision_page_needs_a_decision(moderator_client, hidden_reply):
    response = moderator_client.post(decide_url(hidden_reply), {"reason": ""})

    assert response.context["adminform"].form.has_error("decision", "required")
    assert state_of(hidden_reply) == Post.State.HIDDEN


def test_a_hidden_post_cannot_have_its_flags_just_dismissed(moderator_client, hidden_reply):
    response = moderator_client.post(decide_url(hidden_reply), {"decision": "dismiss"})

    assert response.context["adminform"].form.has_error("decision", "invalid_choice")
    assert state_of(hidden_reply) == Post.State.HIDDEN
    assert open_flag_count(hidden_reply) == 3


def test_a_decided_post_leaves_the_list(moderator_client, flagged_reply):
    moderator_client.post(decide_url(flagged_reply), {"decision": "dismiss"})

    assert list(moderator_client.get(FLAGGED).context["cl"].result_list) == []
    assert moderator_client.get(decide_url(flagged_reply)).status_code == 302


# Several posts: the actions.


def act(client, action, posts, **extra):
    return client.post(
        FLAGGED, {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in posts], **extra}
    )


def test_a_moderator_restores_several_hidden_posts_at_once(moderator_client, question):
    first, second = (hide(make_reply(topic=question)) for _ in range(2))

    response = act(moderator_client, "restore_selected", [first, second])

    assertRedirects(response, FLAGGED)
    assert messages_of(response) == ["2 posts restored."]
    assert [state_of(p) for p in (first, second)] == ["approved", "approved"]
    assert ModerationEvent.objects.filter(action="restore").count() == 2
    assert Topic.objects.get(pk=question.pk).reply_count == 2


def test_restoring_leaves_published_posts_alone_and_says_so(
    moderator_client, hidden_reply, flagged_reply
):
    response = act(moderator_client, "restore_selected", [hidden_reply, flagged_reply])

    assert messages_of(response) == [
        "1 post restored.",
        "1 post was not hidden and was left as it is: dismiss its flags instead.",
    ]
    assert open_flag_count(flagged_reply) == 1


def test_a_moderator_dismisses_flags_on_several_posts_and_hidden_ones_wait(
    moderator_client, question, flagged_reply, hidden_reply
):
    other = make_reply(topic=question)
    flag(other)

    response = act(moderator_client, "dismiss_selected", [flagged_reply, other, hidden_reply])

    assert messages_of(response) == [
        "Flags dismissed on 2 posts.",
        "1 hidden post was left as it is: restore it or keep it unpublished.",
    ]
    assert [open_flag_count(p) for p in (flagged_reply, other, hidden_reply)] == [0, 0, 3]
    assert ModerationEvent.objects.filter(action="dismiss_flags").count() == 2


def test_keeping_several_posts_unpublished_first_asks_for_one_reason(
    moderator_client, flagged_reply, hidden_reply
):
    response = act(moderator_client, "uphold_selected", [flagged_reply, hidden_reply])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/forum/flaggedpost/uphold_selected.html"
    assertContains(response, "You are keeping 2 posts unpublished and upholding their flags.")
    assert not response.context["form"].is_bound
    assert [state_of(p) for p in (flagged_reply, hidden_reply)] == ["approved", "hidden"]


def test_a_moderator_keeps_several_posts_unpublished_with_one_reason(
    moderator_client,
    question,
    flagged_reply,
    hidden_reply,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = act(
            moderator_client,
            "uphold_selected",
            [flagged_reply, hidden_reply],
            apply="1",
            reason="No product links or medical advice.",
        )

    assertRedirects(response, FLAGGED)
    assert messages_of(response) == [
        "2 posts kept unpublished. Each author has been told why by e-mail."
    ]
    assert [state_of(p) for p in (flagged_reply, hidden_reply)] == ["rejected", "rejected"]
    assert Topic.objects.get(pk=question.pk).reply_count == 0
    assert ModerationEvent.objects.filter(action="reject").count() == 2
    assert len(mailoutbox) == 2


def test_keeping_several_posts_unpublished_without_a_reason_changes_nothing(
    moderator_client, flagged_reply, hidden_reply
):
    response = act(
        moderator_client, "uphold_selected", [flagged_reply, hidden_reply], apply="1", reason=" "
    )

    assert response.context["form"].has_error("reason", "required")
    assertContains(response, "Give the authors a reason; it is sent by e-mail.")
    assertContains(response, f'name="{ACTION_CHECKBOX_NAME}" value="{flagged_reply.pk}"')
    assert [state_of(p) for p in (flagged_reply, hidden_reply)] == ["approved", "hidden"]
    assert not ModerationEvent.objects.filter(action="reject").exists()


# Looking flags up.


def test_every_flag_can_be_looked_up(moderator_client, moderator, flagged_reply, hidden_reply):
    flags.dismiss_flags(post=flagged_reply, moderator=moderator)

    response = moderator_client.get(FLAGS)

    assert len(response.context["cl"].result_list) == 4


def test_flags_can_be_filtered_by_open_or_resolved(
    moderator_client, moderator, flagged_reply, hidden_reply
):
    flags.dismiss_flags(post=flagged_reply, moderator=moderator)

    open_ = moderator_client.get(f"{FLAGS}?status=open").context["cl"].result_list
    resolved = moderator_client.get(f"{FLAGS}?status=resolved").context["cl"].result_list

    assert {f.post for f in open_} == {hidden_reply}
    assert [f.post for f in resolved] == [flagged_reply]


def test_flags_can_be_filtered_by_reason(moderator_client, question):
    post = make_reply(topic=question)
    flag(post, reason="abuse")
    flag(post, reason="personal_info")

    response = moderator_client.get(f"{FLAGS}?reason__exact=abuse")

    assert [f.reason for f in response.context["cl"].result_list] == ["abuse"]


def test_a_flag_opens_read_only(moderator_client, flagged_reply):
    response = moderator_client.get(f"{FLAGS}{Flag.objects.get().pk}/change/")

    assertContains(response, "Buy my cure at example.com")
    assertNotContains(response, 'name="reason"')
    assertNotContains(response, 'type="submit" value="Save"')


# Earlier versions of edited posts.


@pytest.fixture
def edited_reply(question, member, moderator):
    reply = make_reply(topic=question, author=member, state=Post.State.PENDING, body="Third text")
    PostRevision.objects.create(
        post=reply, body="First text", edited_by=member, created_at=days_ago(2)
    )
    PostRevision.objects.create(
        post=reply, body="Second text", edited_by=moderator, created_at=days_ago(1)
    )
    return reply


def test_earlier_versions_are_shown_newest_first_with_who_and_when(moderator_client, edited_reply):
    response = moderator_client.get(f"/admin/forum/post/{edited_reply.pk}/change/")

    content = response.content.decode()
    assert "Earlier versions" in content
    assert content.index("Second text") < content.index("First text")
    assert "moderator_mo" in content
    assert "patient_pat" in content
    assertNotContains(response, 'name="revisions-0-body"')


def test_earlier_versions_are_shown_on_the_review_page(moderator_client, edited_reply):
    response = moderator_client.get(f"/admin/forum/pendingpost/{edited_reply.pk}/change/")

    assertContains(response, "First text")
    assertContains(response, "Second text")


def test_a_post_with_earlier_versions_is_still_approved_with_the_review_form(
    moderator_client, edited_reply
):
    response = moderator_client.post(
        f"/admin/forum/pendingpost/{edited_reply.pk}/change/", {"decision": "approve"}
    )

    assertRedirects(response, "/admin/forum/pendingpost/")
    assert state_of(edited_reply) == Post.State.APPROVED
    assert PostRevision.objects.filter(post=edited_reply).count() == 2


def test_earlier_versions_are_shown_on_the_flagged_post_page(moderator_client, question, member):
    reply = make_reply(topic=question, author=member, body="Now harmless")
    PostRevision.objects.create(post=reply, body="Originally rude", edited_by=member)
    flag(reply, reason="abuse")

    response = moderator_client.get(decide_url(reply))

    assertContains(response, "Originally rude")


# Who may do what.


def admin_login_url(next_url):
    return f"/admin/login/?{urlencode({'next': next_url}, safe='/')}"


@pytest.mark.parametrize("role", [*NOT_MODERATORS, "moderator"])
@pytest.mark.parametrize("page", ["flagged", "decide", "flags", "flag", "revisions"])
def test_who_may_open_the_flag_pages(sign_in, hidden_reply, role, page):
    url = {
        "flagged": FLAGGED,
        "decide": decide_url(hidden_reply),
        "flags": FLAGS,
        "flag": f"{FLAGS}{Flag.objects.first().pk}/change/",
        "revisions": f"/admin/forum/post/{hidden_reply.pk}/change/",
    }[page]

    response = sign_in(role).get(url)

    if role == "moderator":
        assert response.status_code == 200
    elif role == "staff_member":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response.url == admin_login_url(url)


def refused(response, role):
    if role == "staff_member":
        return response.status_code == 403
    return response.status_code == 302 and response.url.startswith("/admin/login/")


@pytest.mark.parametrize("role", [*NOT_MODERATORS, "moderator"])
@pytest.mark.parametrize(
    ("decision", "state"),
    [("restore", "approved"), ("uphold", "rejected")],
)
def test_who_may_decide_on_a_hidden_post(sign_in, hidden_reply, role, decision, state):
    response = sign_in(role).post(
        decide_url(hidden_reply), {"decision": decision, "reason": "Not for this forum."}
    )

    if role == "moderator":
        assertRedirects(response, FLAGGED)
        assert state_of(hidden_reply) == state
    else:
        assert refused(response, role)
        assert state_of(hidden_reply) == Post.State.HIDDEN
        assert open_flag_count(hidden_reply) == 3


@pytest.mark.parametrize("role", [*NOT_MODERATORS, "moderator"])
def test_who_may_dismiss_flags_on_a_post(sign_in, flagged_reply, role):
    response = sign_in(role).post(decide_url(flagged_reply), {"decision": "dismiss"})

    assert (open_flag_count(flagged_reply) == 0) == (role == "moderator")
    if role != "moderator":
        assert refused(response, role)


@pytest.mark.parametrize("role", [*NOT_MODERATORS, "moderator"])
@pytest.mark.parametrize(
    ("action", "state"),
    [("restore_selected", "approved"), ("uphold_selected", "rejected")],
)
def test_who_may_use_the_actions_on_hidden_posts(sign_in, hidden_reply, role, action, state):
    response = act(sign_in(role), action, [hidden_reply], apply="1", reason="Not for this forum.")

    if role == "moderator":
        assertRedirects(response, FLAGGED)
        assert state_of(hidden_reply) == state
    else:
        assert refused(response, role)
        assert state_of(hidden_reply) == Post.State.HIDDEN
        assert not ModerationEvent.objects.exclude(action="hide").exists()


@pytest.mark.parametrize("role", [*NOT_MODERATORS, "moderator"])
def test_who_may_dismiss_flags_with_the_action(sign_in, flagged_reply, role):
    response = act(sign_in(role), "dismiss_selected", [flagged_reply])

    assert (open_flag_count(flagged_reply) == 0) == (role == "moderator")
    if role != "moderator":
        assert refused(response, role)


@pytest.mark.parametrize(
    "url",
    [
        f"{FLAGGED}add/",
        f"{FLAGS}add/",
        "{flagged}{post}/delete/",
        "{flags}{flag}/delete/",
    ],
)
def test_a_moderator_cannot_add_or_delete_flags_or_flagged_posts(
    moderator_client, hidden_reply, url
):
    url = url.format(
        flagged=FLAGGED, flags=FLAGS, post=hidden_reply.pk, flag=Flag.objects.first().pk
    )

    assert moderator_client.get(url).status_code == 403
    assert moderator_client.post(url, {"post": "yes"}).status_code == 403
    assert Flag.objects.count() == 3


def test_a_moderator_cannot_change_a_flag(moderator_client, flagged_reply):
    flag_ = Flag.objects.get()

    moderator_client.post(f"{FLAGS}{flag_.pk}/change/", {"reason": "abuse", "detail": "Changed"})

    flag_.refresh_from_db()
    assert (flag_.reason, flag_.detail) == ("spam", "")


def test_a_moderator_cannot_delete_flags_in_bulk(moderator_client, flagged_reply):
    response = moderator_client.post(
        FLAGS, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [Flag.objects.get().pk]}
    )

    assert response.status_code in (200, 302)
    assert Flag.objects.count() == 1
