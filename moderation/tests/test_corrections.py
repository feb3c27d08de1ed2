"""
Corrections, not only deletions: a moderator's note with a source under a published
post, shown to everyone on the question page.
"""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.tests.factories import MemberFactory
from accounts.tests.staff import sign_in as staff_sign_in
from forum import flags
from forum.models import Flag, ModerationEvent, ModeratorNote, Post
from forum.tests.factories import make_reply
from moderation import corrections

ROLES = ["anonymous", "member", "suspended_member", "staff_member", "moderator"]
CORRECTION = "Statins are **not** stopped without a doctor."
SOURCE = "https://www.nhs.uk/conditions/statins/"


@pytest.fixture
def reply(question, member):
    """A published reply by `member` that needs a correction."""
    return make_reply(topic=question, author=member, body="Just stop your statins.")


@pytest.fixture
def misinformation(reply, other_member):
    return flags.flag_post(post=reply, flagger=other_member, reason="misinformation")


def note_url(post):
    return reverse("admin:forum_pendingpost_note", args=[post.pk])


def add(moderator, post, **fields):
    fields = {"text": CORRECTION, "source_url": SOURCE, **fields}
    return corrections.add_or_change_note(moderator=moderator, post=post, **fields)


# The service.


def test_a_moderator_adds_a_note_with_a_link(moderator, reply):
    note = add(moderator, reply)

    assert note.text == CORRECTION
    assert note.text_html == "<p>Statins are <strong>not</strong> stopped without a doctor.</p>"
    assert (note.source_url, note.moderator) == (SOURCE, moderator)
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.post) == ("add_correction", moderator, reply)
    assert event.details["source_url"] == SOURCE


def test_a_note_may_cite_one_of_our_articles_instead_of_a_link(moderator, reply, article):
    note = add(moderator, reply, source_url="", source_article=article)

    assert note.source_article == article
    assert ModerationEvent.objects.get().details["source_article"] == article.slug


def test_changing_the_note_keeps_one_note_and_is_logged_as_a_change(moderator, reply):
    add(moderator, reply)

    add(moderator, reply, text="A better correction.")

    assert ModeratorNote.objects.get().text == "A better correction."
    assert list(ModerationEvent.objects.values_list("action", flat=True)) == [
        "change_correction",
        "add_correction",
    ]


def test_adding_a_note_dismisses_the_flags_it_answers(moderator, reply, misinformation):
    add(moderator, reply)

    flag = Flag.objects.get()
    assert (flag.resolution, flag.resolved_by) == ("dismissed", moderator)
    assert Post.objects.get(pk=reply.pk).state == Post.State.APPROVED
    assert ModerationEvent.objects.filter(action="dismiss_flags").count() == 1


@pytest.mark.parametrize("text", ["", "   "])
def test_a_note_needs_text(moderator, reply, text):
    with pytest.raises(ValidationError) as error:
        add(moderator, reply, text=text)

    assert error.value.error_dict["text"][0].code == "required"
    assert not ModeratorNote.objects.exists()


def test_a_note_needs_a_source(moderator, reply):
    with pytest.raises(ValidationError) as error:
        add(moderator, reply, source_url="")

    assert error.value.error_dict["source_url"][0].code == "source_required"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.org/file", "not a link", "https://", "data:text/html,x"],
)
def test_a_source_link_must_be_a_web_address(moderator, reply, url):
    with pytest.raises(ValidationError) as error:
        add(moderator, reply, source_url=url)

    assert error.value.error_dict["source_url"][0].code == "invalid_url"
    assert not ModerationEvent.objects.exists()


def test_a_too_long_note_is_refused(moderator, reply):
    with pytest.raises(ValidationError) as error:
        add(moderator, reply, text="x" * (corrections.TEXT_MAX_LENGTH + 1))

    assert error.value.error_dict["text"][0].code == "max_length"


def test_only_moderators_add_notes(member, reply):
    with pytest.raises(PermissionDenied):
        add(member, reply)

    assert not ModeratorNote.objects.exists()


@pytest.mark.parametrize("state", ["pending", "hidden", "rejected", "removed"])
def test_notes_go_only_under_published_posts(moderator, question, state):
    post = make_reply(topic=question, state=state)

    with pytest.raises(PermissionDenied):
        add(moderator, post)


# On the question page.


def test_the_note_is_shown_under_the_post_to_everyone(client, moderator, question, reply):
    add(moderator, reply)

    response = client.get(question.get_absolute_url())

    assertContains(response, 'role="note"')
    assertContains(response, "Moderator's note")
    assertContains(response, "<strong>not</strong> stopped without a doctor.")
    assertContains(response, f'<a href="{SOURCE}" rel="nofollow noopener noreferrer">')


def test_the_note_links_to_its_source_article(client, moderator, question, reply, article):
    add(moderator, reply, source_url="", source_article=article)

    response = client.get(question.get_absolute_url())

    assertContains(response, f'<a href="{article.get_absolute_url()}">{article.title}</a>')


def test_a_hostile_note_is_shown_sanitized(client, moderator, question, reply):
    add(
        moderator,
        reply,
        text='<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))',
    )

    response = client.get(question.get_absolute_url())

    content = response.content.decode()
    # Escaped into inert text, or dropped.
    assert "<script>alert(1)" not in content
    assert "<img" not in content
    assert "javascript:alert(3)" not in content


def test_a_note_on_the_opening_post_is_shown(client, moderator, question):
    add(moderator, question.opening_post)

    assertContains(client.get(question.get_absolute_url()), 'class="moderator-note"', count=1)


def test_moderators_see_a_link_to_add_a_note_and_members_do_not(
    client, moderator, member, question, reply
):
    assertNotContains(client.get(question.get_absolute_url()), note_url(reply))
    client.force_login(member)
    assertNotContains(client.get(question.get_absolute_url()), note_url(reply))
    staff_sign_in(client, moderator)
    assertContains(client.get(question.get_absolute_url()), note_url(reply))


def test_notes_do_not_add_queries_to_the_question_page(client, moderator, question):
    first = make_reply(topic=question)
    add(moderator, first)
    # Each page built afresh, nothing of it kept in the cache from the other.
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(question.get_absolute_url())
    for _ in range(5):
        add(moderator, make_reply(topic=question, author=MemberFactory()))
    add(moderator, question.opening_post)
    cache.clear()

    with CaptureQueriesContext(connection) as six:
        response = client.get(question.get_absolute_url())

    assertContains(response, 'class="moderator-note"', count=7)
    assert len(six.captured_queries) == len(one.captured_queries)


# In the admin.


def test_the_queue_offers_a_correction_for_a_post_flagged_as_misinformation(
    client, moderator, reply, misinformation
):
    staff_sign_in(client, moderator)

    response = client.get(reverse("admin:forum_pendingpost_change", args=[reply.pk]))

    assertContains(response, "Flagged as medical misinformation")
    assertContains(response, f'action="{note_url(reply)}"')
    assertContains(response, 'name="source_article"')


def test_a_moderator_corrects_a_flagged_post_from_the_queue(
    client, moderator, reply, misinformation, article
):
    staff_sign_in(client, moderator)

    response = client.post(
        note_url(reply),
        {"text": CORRECTION, "source_url": "", "source_article": article.pk, "from_queue": "True"},
    )

    assertRedirects(response, reverse("admin:forum_pendingpost_changelist"))
    assert ModeratorNote.objects.get().source_article == article
    assert Flag.objects.get().resolution == "dismissed"


def test_a_moderator_adds_a_note_to_any_published_post_and_sees_it(
    client, moderator, question, reply
):
    staff_sign_in(client, moderator)
    assert client.get(note_url(reply)).status_code == 200

    response = client.post(note_url(reply), {"text": CORRECTION, "source_url": SOURCE})

    assertRedirects(response, reply.get_absolute_url(), fetch_redirect_response=False)
    assert ModeratorNote.objects.filter(post=reply).exists()


def test_the_note_form_shows_the_note_there_already(client, moderator, reply):
    add(moderator, reply)
    staff_sign_in(client, moderator)

    response = client.get(note_url(reply))

    assertContains(response, "Change the moderator&#x27;s note")
    assertContains(response, SOURCE)


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"text": "", "source_url": SOURCE}, "text", "required"),
        ({"text": CORRECTION, "source_url": ""}, "source_url", "source_required"),
        ({"text": CORRECTION, "source_url": "javascript:alert(1)"}, "source_url", "invalid_url"),
        ({"text": CORRECTION, "source_article": "999"}, "source_article", "invalid_choice"),
    ],
)
def test_a_note_with_bad_input_is_shown_again_with_the_error(
    client, moderator, reply, data, field, code
):
    staff_sign_in(client, moderator)

    response = client.post(note_url(reply), data)

    assert response.status_code == 200
    assert response.context["note_form"].has_error(field, code)
    if data["text"]:
        assertContains(response, data["text"])
    assert not ModeratorNote.objects.exists()


def test_a_note_with_bad_input_from_the_queue_comes_back_on_the_posts_page(
    client, moderator, reply, misinformation
):
    staff_sign_in(client, moderator)

    response = client.post(
        note_url(reply), {"text": CORRECTION, "source_url": "", "from_queue": "True"}
    )

    assert response.status_code == 200
    assert response.context["note_form"].has_error("source_url", "source_required")
    assertContains(response, "Your decision")


@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_the_note_page_of_an_unknown_post_sends_back_to_the_queue(client, moderator, object_id):
    staff_sign_in(client, moderator)

    response = client.get(f"{reverse('admin:forum_pendingpost_changelist')}{object_id}/note/")

    assertRedirects(response, reverse("admin:forum_pendingpost_changelist"))


def test_a_hidden_post_gets_no_note(client, moderator, question):
    post = make_reply(topic=question, state=Post.State.HIDDEN)
    staff_sign_in(client, moderator)

    response = client.post(note_url(post), {"text": CORRECTION, "source_url": SOURCE})

    assertRedirects(response, reverse("admin:forum_pendingpost_changelist"))
    assert not ModeratorNote.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_moderators_note(sign_in, role, reply):
    client = sign_in(role)

    page = client.get(note_url(reply))
    response = client.post(note_url(reply), {"text": CORRECTION, "source_url": SOURCE})

    if role == "moderator":
        assert page.status_code == 200
        assert ModeratorNote.objects.filter(post=reply).exists()
    else:
        for answer in (page, response):
            if role == "staff_member":
                assert answer.status_code == 403
            else:
                assert answer.status_code == 302
                assert "/login/" in answer.url
        assert not ModeratorNote.objects.exists()
