"""Editing has a Preview like asking: the text as it will look, with nothing saved
and nothing typed lost."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from forum.models import PostRevision


def edit_url(post):
    return reverse("forum:post-edit", args=[post.pk])


PREVIEWED = "Resting **after lunch** helped me, and so did <script>x()</script> walking."


def test_the_edit_page_has_a_preview_button_and_the_live_preview(sign_in, olgas_reply):
    response = sign_in("other_member").get(edit_url(olgas_reply))

    assertContains(response, '<button type="submit" name="action" value="preview"', count=1)
    assertContains(response, 'data-preview-url="/forum/preview/"')
    assertContains(response, "js/compose.js")


def test_preview_shows_the_text_as_it_will_look_and_saves_nothing(sign_in, olgas_reply):
    response = sign_in("other_member").post(
        edit_url(olgas_reply), {"body": PREVIEWED, "action": "preview"}
    )

    assert response.status_code == 200
    assertContains(response, "<strong>after lunch</strong>")
    assertNotContains(response, "<script>x()</script>")
    assertContains(response, "Resting **after lunch** helped me")  # still in the box
    olgas_reply.refresh_from_db()
    assert olgas_reply.body == "Pacing myself helped most."
    assert not PostRevision.objects.exists()


def test_preview_of_a_question_keeps_the_title_typed(sign_in, pats_question):
    response = sign_in("member").post(
        edit_url(pats_question.opening_post),
        {"title": "Does IVIG help with tiredness?", "body": PREVIEWED, "action": "preview"},
    )

    assert response.context["form"].initial["title"] == "Does IVIG help with tiredness?"
    pats_question.refresh_from_db()
    assert pats_question.title == "Does IVIG help with fatigue?"


def test_preview_of_a_text_still_too_short_shows_no_errors(sign_in, olgas_reply):
    response = sign_in("other_member").post(
        edit_url(olgas_reply), {"body": "Short", "action": "preview"}
    )

    assert response.status_code == 200
    assert not response.context["form"].errors
    assertContains(response, "Short</textarea>")


@pytest.mark.parametrize("action", ["publish", "", "x" * 300])
def test_an_unknown_button_saves_nothing(sign_in, olgas_reply, action):
    response = sign_in("other_member").post(
        edit_url(olgas_reply), {"body": PREVIEWED, "action": action or "nonsense"}
    )

    assert response.status_code == 200
    assert not PostRevision.objects.exists()


def test_a_preview_too_long_to_render_still_keeps_the_text(sign_in, olgas_reply):
    body = "a" * 20_001
    response = sign_in("other_member").post(
        edit_url(olgas_reply), {"body": body, "action": "preview"}
    )

    assert response.status_code == 200
    assert response.context["preview_html"] is None
    assert response.context["form"].initial["body"] == body


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("moderator", 403)])
def test_only_the_author_may_preview_an_edit(sign_in, olgas_reply, role, status):
    response = sign_in(role).post(edit_url(olgas_reply), {"body": PREVIEWED, "action": "preview"})

    assert response.status_code == status
    assertNotContains(response, "<strong>after lunch</strong>", status_code=status)


def test_a_visitor_previewing_is_asked_to_sign_in(client, olgas_reply):
    response = client.post(edit_url(olgas_reply), {"body": PREVIEWED, "action": "preview"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_saving_after_preview_saves_the_text(sign_in, olgas_reply):
    client = sign_in("other_member")
    client.post(edit_url(olgas_reply), {"body": PREVIEWED, "action": "preview"})

    response = client.post(edit_url(olgas_reply), {"body": PREVIEWED, "action": "post"})

    assert response.status_code == 302
    olgas_reply.refresh_from_db()
    assert olgas_reply.body == PREVIEWED
