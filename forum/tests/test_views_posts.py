"""The pages and buttons for one post: helpful marks, the answer that helped, edits and
removal, with who may use them and what bad input does."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import HelpfulVote, Post, PostRevision, Topic
from forum.tests.factories import make_question, make_reply

NEW_BODY = "Resting after lunch helped me a great deal, and so did walking."
ROLES = ["anonymous", "member", "other_member", "suspended_member", "moderator"]


@pytest.fixture
def second_factor():
    """Staff sign in to the forum's pages with their password alone."""
    return False


@pytest.fixture
def asked(member, category):
    """A published question asked by `member`."""
    return make_question(
        author=member,
        category=category,
        title="Does IVIG help with fatigue?",
        slug="does-ivig-help-with-fatigue",
    )


@pytest.fixture
def reply(asked, other_member):
    """A published reply by `other_member` to `member`'s question."""
    return make_reply(topic=asked, author=other_member, body="Pacing myself helped most.")


def url(name, post):
    return reverse(f"forum:post-{name}", kwargs={"pk": post.pk})


def login_url(next_url):
    return f"{reverse('account_login')}?{urlencode({'next': next_url}, safe='/')}"


# Helpful marks: who may.

HELPFUL_MATRIX = [
    ("anonymous", "login", 0),
    ("member", 302, 1),
    ("other_member", 403, 0),  # the reply's author
    ("suspended_member", 403, 0),
    ("moderator", 302, 1),
]


@pytest.mark.parametrize(("role", "expected", "marks"), HELPFUL_MATRIX)
def test_who_may_mark_a_reply_helpful(sign_in, reply, role, expected, marks):
    response = sign_in(role).post(url("helpful", reply), {"value": "1"})

    if expected == "login":
        assertRedirects(
            response, login_url(reply.get_absolute_url()), fetch_redirect_response=False
        )
    else:
        assert response.status_code == expected
    reply.refresh_from_db()
    assert reply.helpful_count == marks == HelpfulVote.objects.count()


def test_marking_helpful_lands_back_on_the_reply_with_the_new_count(sign_in, reply):
    response = sign_in("member").post(url("helpful", reply), {"value": "1"}, follow=True)

    assertRedirects(response, reply.get_absolute_url())
    assertContains(response, "You marked this reply as helpful.")
    assertContains(response, 'aria-pressed="true"')
    assertContains(response, '<span class="helpful-count">1</span>', html=True)


def test_a_double_submit_counts_one_mark(sign_in, reply):
    client = sign_in("member")
    client.post(url("helpful", reply), {"value": "1"})
    client.post(url("helpful", reply), {"value": "1"})

    reply.refresh_from_db()
    assert reply.helpful_count == 1


def test_a_helpful_mark_can_be_taken_back(sign_in, reply):
    client = sign_in("member")
    client.post(url("helpful", reply), {"value": "1"})

    response = client.post(url("helpful", reply), {"value": "0"}, follow=True)

    assertContains(response, "You took back your helpful mark.")
    reply.refresh_from_db()
    assert reply.helpful_count == 0


def test_marking_ones_own_reply_says_why_it_is_refused(sign_in, reply):
    response = sign_in("other_member").post(url("helpful", reply), {"value": "1"})

    assertContains(response, "You can&#x27;t mark your own post as helpful.", status_code=403)


def test_a_suspended_member_is_told_why_they_cannot_mark(sign_in, reply):
    response = sign_in("suspended_member").post(url("helpful", reply), {"value": "1"})

    assertContains(response, "Your account is suspended", status_code=403)


def test_the_opening_post_cannot_be_marked_helpful(sign_in, asked):
    response = sign_in("other_member").post(url("helpful", asked.opening_post), {"value": "1"})

    assert response.status_code == 403
    assert not HelpfulVote.objects.exists()


@pytest.mark.parametrize("value", ["", "2", "yes", "true"])
def test_a_bad_helpful_value_is_refused(sign_in, reply, value):
    response = sign_in("member").post(url("helpful", reply), {"value": value})

    assert response.status_code == 400
    assert not HelpfulVote.objects.exists()


def test_marking_an_unknown_post_is_not_found(sign_in, db):
    response = sign_in("member").post("/forum/posts/999999/helpful/", {"value": "1"})

    assert response.status_code == 404


def test_marking_someone_elses_pending_reply_is_not_found(sign_in, asked, moderator):
    pending = make_reply(topic=asked, author=moderator, state=Post.State.PENDING)

    response = sign_in("other_member").post(url("helpful", pending), {"value": "1"})

    assert response.status_code == 404


def test_marking_helpful_needs_a_post_request(sign_in, reply):
    assert sign_in("member").get(url("helpful", reply)).status_code == 405


def test_marking_helpful_in_the_helpful_order_comes_back_to_that_order(sign_in, reply):
    response = sign_in("member").post(url("helpful", reply), {"value": "1", "sort": "helpful"})

    assert response.url == f"{reply.topic.get_absolute_url()}?sort=helpful#post-{reply.pk}"


def test_an_unknown_sort_on_a_helpful_mark_comes_back_to_the_oldest_order(sign_in, reply):
    response = sign_in("member").post(url("helpful", reply), {"value": "1", "sort": "evil"})

    assert response.url == reply.get_absolute_url()


# The answer that helped: who may.

ACCEPT_MATRIX = [
    ("anonymous", "login", False),
    ("member", 302, True),  # the asker
    ("other_member", 403, False),  # the reply's author
    ("suspended_member", 403, False),
    ("moderator", 403, False),
]


@pytest.mark.parametrize(("role", "expected", "accepted"), ACCEPT_MATRIX)
def test_who_may_choose_the_answer_that_helped(sign_in, asked, reply, role, expected, accepted):
    response = sign_in(role).post(url("accept", reply), {"value": "1"})

    if expected == "login":
        assertRedirects(
            response, login_url(reply.get_absolute_url()), fetch_redirect_response=False
        )
    else:
        assert response.status_code == expected
    asked.refresh_from_db()
    assert asked.is_answered is accepted


def test_the_chosen_answer_is_shown_first_with_its_heading(sign_in, asked, reply):
    make_reply(topic=asked, body="A later reply that did not help as much.")

    response = sign_in("member").post(url("accept", reply), {"value": "1"}, follow=True)

    assertContains(response, "You marked this reply as the answer that helped you.")
    assertContains(response, '<h2 id="accepted-answer-title">', count=1)
    content = response.content.decode()
    assert content.index("Pacing myself helped most.") < content.index('id="replies-title"')
    assertContains(response, f'id="post-{reply.pk}"', count=1)
    assertContains(response, "is shown above, as the answer that helped the asker.")


def test_the_asker_can_unmark_the_answer(sign_in, asked, reply):
    client = sign_in("member")
    client.post(url("accept", reply), {"value": "1"})

    response = client.post(url("accept", reply), {"value": "0"}, follow=True)

    assertContains(response, "no longer marked as the answer that helped you")
    asked.refresh_from_db()
    assert not asked.is_answered


def test_accepting_the_opening_post_is_refused(sign_in, asked):
    response = sign_in("member").post(url("accept", asked.opening_post), {"value": "1"})

    assertContains(response, "The question itself can&#x27;t be its own answer.", status_code=403)


def test_a_non_asker_is_told_only_the_asker_chooses(sign_in, reply):
    response = sign_in("other_member").post(url("accept", reply), {"value": "1"})

    assertContains(response, "Only the member who asked", status_code=403)


def test_the_asker_sees_the_button_to_choose_the_answer(sign_in, reply):
    response = sign_in("member").get(reply.topic.get_absolute_url())

    assertContains(response, "Mark as the answer that helped me")


def test_other_members_do_not_see_the_button_to_choose_the_answer(sign_in, reply):
    response = sign_in("moderator").get(reply.topic.get_absolute_url())

    assertNotContains(response, "Mark as the answer that helped me")


@pytest.mark.parametrize("value", ["", "maybe"])
def test_a_bad_accept_value_is_refused(sign_in, asked, reply, value):
    response = sign_in("member").post(url("accept", reply), {"value": value})

    assert response.status_code == 400
    asked.refresh_from_db()
    assert not asked.is_answered


# Editing: who may.

EDIT_MATRIX = [
    ("anonymous", "login"),
    ("other_member", 200),  # the reply's author
    ("member", 403),
    ("suspended_member", 403),
    ("moderator", 403),
]


@pytest.mark.parametrize(("role", "expected"), EDIT_MATRIX)
def test_who_may_open_the_edit_page(sign_in, reply, role, expected):
    response = sign_in(role).get(url("edit", reply))

    if expected == "login":
        assertRedirects(response, login_url(url("edit", reply)), fetch_redirect_response=False)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("role", "expected"), EDIT_MATRIX)
def test_who_may_save_an_edit(sign_in, reply, role, expected):
    response = sign_in(role).post(url("edit", reply), {"body": NEW_BODY})

    reply.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert reply.body == NEW_BODY
    else:
        assert response.status_code == 302 if expected == "login" else expected
        assert reply.body == "Pacing myself helped most."


def test_a_suspended_author_is_told_why_they_cannot_edit(sign_in, asked, suspended_member):
    own = make_reply(topic=asked, author=suspended_member)

    response = sign_in("suspended_member").post(url("edit", own), {"body": NEW_BODY})

    assertContains(response, "Your account is suspended", status_code=403)
    assertContains(response, f"{NEW_BODY}</textarea>", status_code=403)
    own.refresh_from_db()
    assert own.body != NEW_BODY


def test_the_edit_page_shows_the_current_text(sign_in, reply):
    response = sign_in("other_member").get(url("edit", reply))

    assertContains(response, "Pacing myself helped most.</textarea>")


def test_an_edit_by_a_member_under_review_goes_back_to_review(sign_in, reply):
    response = sign_in("other_member").post(url("edit", reply), {"body": NEW_BODY}, follow=True)

    assertContains(response, "it will be published again once a moderator has reviewed it")
    reply.refresh_from_db()
    assert reply.state == Post.State.PENDING
    assert PostRevision.objects.get(post=reply).body == "Pacing myself helped most."


def test_an_edited_post_is_marked_edited(sign_in, asked, moderator):
    own = make_reply(topic=asked, author=moderator)
    client = sign_in("moderator")

    response = client.post(url("edit", own), {"body": NEW_BODY}, follow=True)

    assertContains(response, "Your edit is saved.")
    assertContains(response, "· edited <time")
    own.refresh_from_db()
    assert own.state == Post.State.APPROVED


def test_editing_the_question_edits_its_title(sign_in, asked):
    response = sign_in("member").post(
        url("edit", asked.opening_post),
        {"title": "Does IVIG help with afternoon fatigue?", "body": NEW_BODY},
        follow=True,
    )

    assertContains(response, "Does IVIG help with afternoon fatigue?")
    asked.refresh_from_db()
    assert asked.title == "Does IVIG help with afternoon fatigue?"


@pytest.mark.parametrize(
    ("body", "code"), [("", "required"), ("Too short.", "min_length")], ids=["empty", "short"]
)
def test_a_bad_edit_keeps_the_text_and_says_why(sign_in, reply, body, code):
    response = sign_in("other_member").post(url("edit", reply), {"body": body})

    assert response.status_code == 200
    assert response.context["form"].has_error("body", code)
    assertContains(response, f"{body}</textarea>")
    assert not PostRevision.objects.exists()


def test_a_shouting_title_is_refused_and_kept(sign_in, asked):
    response = sign_in("member").post(
        url("edit", asked.opening_post),
        {"title": "DOES IVIG HELP WITH FATIGUE", "body": NEW_BODY},
    )

    assert response.context["form"].has_error("title", "shouting")
    assertContains(response, 'value="DOES IVIG HELP WITH FATIGUE"')


def test_an_edit_that_changes_nothing_says_so(sign_in, reply):
    response = sign_in("other_member").post(
        url("edit", reply), {"body": "Pacing myself helped most."}, follow=True
    )

    assertContains(response, "You didn&#x27;t change anything, so nothing was saved.")
    assert not PostRevision.objects.exists()


def test_editing_someone_elses_pending_post_is_not_found(sign_in, asked, moderator):
    pending = make_reply(topic=asked, author=moderator, state=Post.State.PENDING)

    assert sign_in("other_member").get(url("edit", pending)).status_code == 404


def test_editing_an_unknown_post_is_not_found(sign_in, db):
    assert sign_in("member").get("/forum/posts/999999/edit/").status_code == 404


def test_a_rejected_post_cannot_be_edited(sign_in, asked, other_member):
    rejected = make_reply(topic=asked, author=other_member, state=Post.State.REJECTED)

    response = sign_in("other_member").get(url("edit", rejected))

    assertContains(response, "This post can no longer be edited.", status_code=403)


def test_edit_and_remove_links_are_shown_to_the_author_only(sign_in, reply):
    own = sign_in("other_member").get(reply.topic.get_absolute_url())
    assertContains(own, f'href="{url("edit", reply)}"')
    assertContains(own, f'href="{url("remove", reply)}"')


def test_edit_and_remove_links_are_not_shown_to_others(sign_in, reply):
    response = sign_in("moderator").get(reply.topic.get_absolute_url())

    assertNotContains(response, f'href="{url("edit", reply)}"')
    assertNotContains(response, f'href="{url("remove", reply)}"')


# Removing: who may.

REMOVE_MATRIX = [
    ("anonymous", "login", Post.State.APPROVED),
    ("other_member", 302, Post.State.REMOVED),  # the reply's author
    ("member", 403, Post.State.APPROVED),
    ("suspended_member", 403, Post.State.APPROVED),
    ("moderator", 403, Post.State.APPROVED),
]


@pytest.mark.parametrize(("role", "expected", "state"), REMOVE_MATRIX)
def test_who_may_remove_a_post(sign_in, reply, role, expected, state):
    response = sign_in(role).post(url("remove", reply))

    if expected == "login":
        assertRedirects(response, login_url(url("remove", reply)), fetch_redirect_response=False)
    else:
        assert response.status_code == expected
    reply.refresh_from_db()
    assert reply.state == state


def test_the_remove_page_asks_for_confirmation(sign_in, reply):
    response = sign_in("other_member").get(url("remove", reply))

    assertContains(response, "Remove your reply?")
    reply.refresh_from_db()
    assert reply.state == Post.State.APPROVED


def test_a_suspended_member_may_remove_their_own_post(sign_in, asked, suspended_member):
    own = make_reply(topic=asked, author=suspended_member)

    response = sign_in("suspended_member").post(url("remove", own))

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.state == Post.State.REMOVED


def test_a_removed_reply_shows_a_placeholder_without_its_text_or_author(sign_in, reply):
    sign_in("other_member").post(url("remove", reply))

    response = sign_in("anonymous").get(reply.topic.get_absolute_url())

    assertContains(response, "Removed by its author.")
    assertNotContains(response, "Pacing myself helped most.")
    assertNotContains(response, "other_olga")


def test_removing_lands_on_the_placeholder(sign_in, reply):
    response = sign_in("other_member").post(url("remove", reply), follow=True)

    assertContains(response, "Your post is removed.")
    assertContains(response, f'id="post-{reply.pk}"')


def test_a_moderator_still_reads_a_removed_post(sign_in, reply):
    sign_in("other_member").post(url("remove", reply))

    response = sign_in("moderator").get(reply.topic.get_absolute_url())

    assertContains(response, "Removed text, shown to moderators only:")
    assertContains(response, "Pacing myself helped most.")


def test_removing_twice_is_harmless(sign_in, reply):
    client = sign_in("other_member")
    client.post(url("remove", reply))

    response = client.post(url("remove", reply), follow=True)

    assertContains(response, "This post is already removed.")


def test_a_removed_question_without_replies_is_gone(sign_in, asked):
    response = sign_in("member").post(url("remove", asked.opening_post), follow=True)

    assertContains(response, "Your post is removed.")
    assert response.redirect_chain[-1][0] == asked.category.get_absolute_url()
    assert sign_in("anonymous").get(asked.get_absolute_url()).status_code == 404


def test_a_removed_question_with_replies_keeps_its_title_and_replies(sign_in, asked, reply):
    sign_in("member").post(url("remove", asked.opening_post))

    response = sign_in("anonymous").get(asked.get_absolute_url())

    assertContains(response, "Does IVIG help with fatigue?")
    assertContains(response, "Removed by its author.")
    assertContains(response, "Pacing myself helped most.")
    assertNotContains(response, "I was diagnosed last month")


def test_removing_the_answer_that_helped_leaves_the_question_unanswered(sign_in, asked, reply):
    Topic.objects.filter(pk=asked.pk).update(accepted_answer=reply)

    sign_in("other_member").post(url("remove", reply))

    asked.refresh_from_db()
    assert not asked.is_answered


def test_removing_an_unknown_post_is_not_found(sign_in, db):
    assert sign_in("member").post("/forum/posts/999999/remove/").status_code == 404


def test_the_answer_that_helped_shows_the_viewers_own_helpful_mark(sign_in, asked, reply):
    Topic.objects.filter(pk=asked.pk).update(accepted_answer=reply)
    client = sign_in("moderator")
    client.post(url("helpful", reply), {"value": "1"})

    response = client.get(asked.get_absolute_url())

    assertContains(response, 'aria-pressed="true"', count=1)
    assertContains(response, '<span class="badge badge--ok">Answered</span>', html=True)
