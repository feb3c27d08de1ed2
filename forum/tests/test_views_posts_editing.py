"""Editing and removing one post, with who may and what bad input does."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import Post, PostRevision, Topic
from forum.tests.factories import make_reply

NEW_BODY = "Resting after lunch helped me a great deal, and so did walking."


def url(name, post):
    return reverse(f"forum:post-{name}", kwargs={"pk": post.pk})


def login_url(next_url):
    return f"{reverse('account_login')}?{urlencode({'next': next_url}, safe='/')}"


# Editing: who may.

EDIT_MATRIX = [
    ("anonymous", "login"),
    ("other_member", 200),  # the reply's author
    ("member", 403),
    ("suspended_member", 403),
    ("moderator", 403),
]


@pytest.mark.parametrize(("role", "expected"), EDIT_MATRIX)
def test_who_may_open_the_edit_page(sign_in, olgas_reply, role, expected):
    response = sign_in(role).get(url("edit", olgas_reply))

    if expected == "login":
        assertRedirects(
            response, login_url(url("edit", olgas_reply)), fetch_redirect_response=False
        )
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("role", "expected"), EDIT_MATRIX)
def test_who_may_save_an_edit(sign_in, olgas_reply, role, expected):
    response = sign_in(role).post(url("edit", olgas_reply), {"body": NEW_BODY})

    olgas_reply.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert olgas_reply.body == NEW_BODY
    else:
        assert response.status_code == 302 if expected == "login" else expected
        assert olgas_reply.body == "Pacing myself helped most."


def test_a_suspended_author_is_told_why_they_cannot_edit(sign_in, pats_question, suspended_member):
    own = make_reply(topic=pats_question, author=suspended_member)

    response = sign_in("suspended_member").post(url("edit", own), {"body": NEW_BODY})

    assertContains(response, "Your account is suspended", status_code=403)
    assertContains(response, f"{NEW_BODY}</textarea>", status_code=403)
    own.refresh_from_db()
    assert own.body != NEW_BODY


def test_the_edit_page_shows_the_current_text(sign_in, olgas_reply):
    response = sign_in("other_member").get(url("edit", olgas_reply))

    assertContains(response, "Pacing myself helped most.</textarea>")


def test_an_edit_by_a_member_under_review_goes_back_to_review(sign_in, olgas_reply):
    response = sign_in("other_member").post(
        url("edit", olgas_reply), {"body": NEW_BODY}, follow=True
    )

    assertContains(response, "it will be published again once a moderator has reviewed it")
    olgas_reply.refresh_from_db()
    assert olgas_reply.state == Post.State.PENDING
    assert PostRevision.objects.get(post=olgas_reply).body == "Pacing myself helped most."


def test_an_edited_post_is_marked_edited(sign_in, pats_question, moderator):
    own = make_reply(topic=pats_question, author=moderator)
    client = sign_in("moderator")

    response = client.post(url("edit", own), {"body": NEW_BODY}, follow=True)

    assertContains(response, "Your edit is saved.")
    assertContains(response, f'· <a href="/forum/posts/{own.pk}/edits/">edited <time')
    own.refresh_from_db()
    assert own.state == Post.State.APPROVED


def test_editing_the_question_edits_its_title(sign_in, pats_question):
    response = sign_in("member").post(
        url("edit", pats_question.opening_post),
        {"title": "Does IVIG help with afternoon fatigue?", "body": NEW_BODY},
        follow=True,
    )

    assertContains(response, "Does IVIG help with afternoon fatigue?")
    pats_question.refresh_from_db()
    assert pats_question.title == "Does IVIG help with afternoon fatigue?"


@pytest.mark.parametrize(
    ("body", "code"), [("", "required"), ("Too short.", "min_length")], ids=["empty", "short"]
)
def test_a_bad_edit_keeps_the_text_and_says_why(sign_in, olgas_reply, body, code):
    response = sign_in("other_member").post(url("edit", olgas_reply), {"body": body})

    assert response.status_code == 200
    assert response.context["form"].has_error("body", code)
    assertContains(response, f"{body}</textarea>")
    assert not PostRevision.objects.exists()


def test_a_shouting_title_is_refused_and_kept(sign_in, pats_question):
    response = sign_in("member").post(
        url("edit", pats_question.opening_post),
        {"title": "DOES IVIG HELP WITH FATIGUE", "body": NEW_BODY},
    )

    assert response.context["form"].has_error("title", "shouting")
    assertContains(response, 'value="DOES IVIG HELP WITH FATIGUE"')


def test_an_edit_that_changes_nothing_says_so(sign_in, olgas_reply):
    response = sign_in("other_member").post(
        url("edit", olgas_reply), {"body": "Pacing myself helped most."}, follow=True
    )

    assertContains(response, "You didn&#x27;t change anything, so nothing was saved.")
    assert not PostRevision.objects.exists()


def test_editing_someone_elses_pending_post_is_not_found(sign_in, pats_question, moderator):
    pending = make_reply(topic=pats_question, author=moderator, state=Post.State.PENDING)

    assert sign_in("other_member").get(url("edit", pending)).status_code == 404


def test_editing_an_unknown_post_is_not_found(sign_in, db):
    assert sign_in("member").get("/forum/posts/999999/edit/").status_code == 404


def test_a_rejected_post_cannot_be_edited(sign_in, pats_question, other_member):
    rejected = make_reply(topic=pats_question, author=other_member, state=Post.State.REJECTED)

    response = sign_in("other_member").get(url("edit", rejected))

    assertContains(response, "This post can no longer be edited.", status_code=403)


def test_edit_and_remove_links_are_shown_to_the_author_only(sign_in, olgas_reply):
    own = sign_in("other_member").get(olgas_reply.topic.get_absolute_url())
    assertContains(own, f'href="{url("edit", olgas_reply)}"')
    assertContains(own, f'href="{url("remove", olgas_reply)}"')


def test_edit_and_remove_links_are_not_shown_to_others(sign_in, olgas_reply):
    response = sign_in("moderator").get(olgas_reply.topic.get_absolute_url())

    assertNotContains(response, f'href="{url("edit", olgas_reply)}"')
    assertNotContains(response, f'href="{url("remove", olgas_reply)}"')


# Removing: who may.

REMOVE_MATRIX = [
    ("anonymous", "login", Post.State.APPROVED),
    ("other_member", 302, Post.State.REMOVED),  # the reply's author
    ("member", 403, Post.State.APPROVED),
    ("suspended_member", 403, Post.State.APPROVED),
    ("moderator", 403, Post.State.APPROVED),
]


@pytest.mark.parametrize(("role", "expected", "state"), REMOVE_MATRIX)
def test_who_may_remove_a_post(sign_in, olgas_reply, role, expected, state):
    response = sign_in(role).post(url("remove", olgas_reply))

    if expected == "login":
        assertRedirects(
            response, login_url(url("remove", olgas_reply)), fetch_redirect_response=False
        )
    else:
        assert response.status_code == expected
    olgas_reply.refresh_from_db()
    assert olgas_reply.state == state


def test_the_remove_page_asks_for_confirmation(sign_in, olgas_reply):
    response = sign_in("other_member").get(url("remove", olgas_reply))

    assertContains(response, "Remove your reply?")
    olgas_reply.refresh_from_db()
    assert olgas_reply.state == Post.State.APPROVED


def test_a_suspended_member_may_remove_their_own_post(sign_in, pats_question, suspended_member):
    own = make_reply(topic=pats_question, author=suspended_member)

    response = sign_in("suspended_member").post(url("remove", own))

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.state == Post.State.REMOVED


def test_a_removed_reply_shows_a_placeholder_without_its_text_or_author(sign_in, olgas_reply):
    sign_in("other_member").post(url("remove", olgas_reply))

    response = sign_in("anonymous").get(olgas_reply.topic.get_absolute_url())

    assertContains(response, "Removed by its author.")
    assertNotContains(response, "Pacing myself helped most.")
    assertNotContains(response, "other_olga")


def test_removing_lands_on_the_placeholder(sign_in, olgas_reply):
    response = sign_in("other_member").post(url("remove", olgas_reply), follow=True)

    assertContains(response, "Your post is removed.")
    assertContains(response, f'id="post-{olgas_reply.pk}"')


def test_a_moderator_still_reads_a_removed_post(sign_in, olgas_reply):
    sign_in("other_member").post(url("remove", olgas_reply))

    response = sign_in("moderator").get(olgas_reply.topic.get_absolute_url())

    assertContains(response, "Removed text, shown to moderators only:")
    assertContains(response, "Pacing myself helped most.")


def test_removing_twice_is_harmless(sign_in, olgas_reply):
    client = sign_in("other_member")
    client.post(url("remove", olgas_reply))

    response = client.post(url("remove", olgas_reply), follow=True)

    assertContains(response, "This post is already removed.")


def test_a_removed_question_without_replies_is_gone(sign_in, pats_question):
    response = sign_in("member").post(url("remove", pats_question.opening_post), follow=True)

    assertContains(response, "Your post is removed.")
    assert response.redirect_chain[-1][0] == pats_question.category.get_absolute_url()
    assert sign_in("anonymous").get(pats_question.get_absolute_url()).status_code == 404


def test_a_removed_question_with_replies_keeps_its_title_and_replies(
    sign_in, pats_question, olgas_reply
):
    sign_in("member").post(url("remove", pats_question.opening_post))

    response = sign_in("anonymous").get(pats_question.get_absolute_url())

    assertContains(response, "Does IVIG help with fatigue?")
    assertContains(response, "Removed by its author.")
    assertContains(response, "Pacing myself helped most.")
    assertNotContains(response, "I was diagnosed last month")


def test_removing_the_answer_that_helped_leaves_the_question_unanswered(
    sign_in, pats_question, olgas_reply
):
    Topic.objects.filter(pk=pats_question.pk).update(accepted_answer=olgas_reply)

    sign_in("other_member").post(url("remove", olgas_reply))

    pats_question.refresh_from_db()
    assert not pats_question.is_answered


def test_removing_an_unknown_post_is_not_found(sign_in, db):
    assert sign_in("member").post("/forum/posts/999999/remove/").status_code == 404
