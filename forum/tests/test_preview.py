import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from forum.forms import BODY_MAX_LENGTH
from forum.models import Draft, Post
from forum.tests.factories import make_question

PREVIEW_URL = "/forum/preview/"
ASK_URL = "/forum/ask/"


@pytest.mark.parametrize("who", [None, "member", "suspended_member", "moderator"])
def test_anyone_writing_may_preview_their_text(client, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.post(PREVIEW_URL, {"text": "Some **bold** words"})

    assert response.status_code == 200
    assert response.json() == {"html": "<p>Some <strong>bold</strong> words</p>"}


def test_the_preview_is_sanitized_by_the_same_pipeline(client, db):
    response = client.post(
        PREVIEW_URL, {"text": "<script>alert(1)</script> [x](javascript:alert(1))"}
    )

    html = response.json()["html"]
    assert "<script>" not in html
    assert "javascript:" not in html


def test_bare_addresses_are_linked_in_the_preview_as_when_published(client, db):
    response = client.post(PREVIEW_URL, {"text": "See https://example.org"})

    assert 'rel="nofollow ugc noopener"' in response.json()["html"]


@pytest.mark.parametrize(
    "text", ["a" * (BODY_MAX_LENGTH + 1), "bad \x00 text"], ids=["too-long", "nul"]
)
def test_bad_text_gets_400_with_a_message(client, db, text):
    response = client.post(PREVIEW_URL, {"text": text})

    assert response.status_code == 400
    assert response.json()["error"]


def test_the_preview_needs_post(client, db):
    assert client.get(PREVIEW_URL, {"text": "hello"}).status_code == 405


def test_the_preview_needs_the_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post(PREVIEW_URL, {"text": "hello"})

    assert response.status_code == 403


# Without script: the Preview button.


def test_the_preview_button_on_the_ask_form_shows_the_rendered_text_and_keeps_the_form(
    client, member, category
):
    client.force_login(member)

    response = client.post(
        ASK_URL,
        {
            "title": "Short",
            "category": category.pk,
            "body": "My **CK** was high",
            "action": "preview",
        },
    )

    assert response.status_code == 200
    assertContains(response, "<p>My <strong>CK</strong> was high</p>", html=True)
    assertContains(response, 'value="Short"')
    assertContains(response, "My **CK** was high</textarea>")
    assertNotContains(response, "errorlist")
    assert not Post.objects.exists()


def test_the_preview_button_saves_the_members_draft(client, member, category):
    client.force_login(member)

    response = client.post(
        ASK_URL,
        {"title": "Still writing", "category": category.pk, "body": "Half", "action": "preview"},
    )

    draft = Draft.objects.get(author=member)
    assert (draft.title, draft.category, draft.body) == ("Still writing", category, "Half")
    assertContains(response, "Draft saved at")


def test_an_anonymous_visitor_can_preview_a_question_without_a_draft_being_kept(client, db):
    response = client.post(ASK_URL, {"title": "Anything", "body": "*kept*", "action": "preview"})

    assertContains(response, "<p><em>kept</em></p>", html=True)
    assert not Draft.objects.exists()


def test_an_unknown_action_only_shows_the_page_again(client, member, category):
    client.force_login(member)

    response = client.post(
        ASK_URL,
        {
            "title": "A complete question title",
            "category": category.pk,
            "body": "A complete body that is long enough.",
            "action": "explode",
        },
    )

    assert response.status_code == 200
    assert not Post.objects.exists()


def test_the_preview_button_on_the_reply_form_shows_the_text_and_saves_the_draft(
    client, member, question
):
    client.force_login(member)

    response = client.post(
        f"{question.get_absolute_url()}reply/", {"body": "I had **the same**", "action": "preview"}
    )

    assert response.status_code == 200
    assertContains(response, "<p>I had <strong>the same</strong></p>", html=True)
    assertContains(response, "I had **the same**</textarea>")
    assert Draft.objects.get(author=member, topic=question).body == "I had **the same**"
    assert question.posts.count() == 1


def test_a_suspended_member_previewing_a_reply_is_refused(client, suspended_member, question):
    client.force_login(suspended_member)

    response = client.post(
        f"{question.get_absolute_url()}reply/", {"body": "I had **the same**", "action": "preview"}
    )

    assert response.status_code == 403
    assert not Draft.objects.exists()


def test_previewing_a_reply_to_a_pending_question_is_refused(client, member):
    topic = make_question(author=member, state=Post.State.PENDING)
    client.force_login(member)

    response = client.post(
        f"{topic.get_absolute_url()}reply/", {"body": "x" * 30, "action": "preview"}
    )

    assert response.status_code == 403
