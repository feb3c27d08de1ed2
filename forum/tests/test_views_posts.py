"""The buttons on one post: helpful marks and the answer that helped, with who may use
them and what bad input does. (Editing and removing: test_views_posts_editing.py.)"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum.models import HelpfulVote, Post, Topic
from forum.tests.factories import make_reply


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
def test_who_may_mark_a_reply_helpful(sign_in, olgas_reply, role, expected, marks):
    response = sign_in(role).post(url("helpful", olgas_reply), {"value": "1"})

    if expected == "login":
        assertRedirects(
            response, login_url(olgas_reply.get_absolute_url()), fetch_redirect_response=False
        )
    else:
        assert response.status_code == expected
    olgas_reply.refresh_from_db()
    assert olgas_reply.helpful_count == marks == HelpfulVote.objects.count()


def test_marking_helpful_lands_back_on_the_reply_with_the_new_count(sign_in, olgas_reply):
    response = sign_in("member").post(url("helpful", olgas_reply), {"value": "1"}, follow=True)

    assertRedirects(response, olgas_reply.get_absolute_url())
    assertContains(response, "You marked this reply as helpful.")
    assertContains(response, 'aria-pressed="true"')
    assertContains(response, '<span class="helpful-count">1</span>', html=True)


def test_a_double_submit_counts_one_mark(sign_in, olgas_reply):
    client = sign_in("member")
    client.post(url("helpful", olgas_reply), {"value": "1"})
    client.post(url("helpful", olgas_reply), {"value": "1"})

    olgas_reply.refresh_from_db()
    assert olgas_reply.helpful_count == 1


def test_a_helpful_mark_can_be_taken_back(sign_in, olgas_reply):
    client = sign_in("member")
    client.post(url("helpful", olgas_reply), {"value": "1"})

    response = client.post(url("helpful", olgas_reply), {"value": "0"}, follow=True)

    assertContains(response, "You took back your helpful mark.")
    olgas_reply.refresh_from_db()
    assert olgas_reply.helpful_count == 0


def test_marking_ones_own_reply_says_why_it_is_refused(sign_in, olgas_reply):
    response = sign_in("other_member").post(url("helpful", olgas_reply), {"value": "1"})

    assertContains(response, "You can&#x27;t mark your own post as helpful.", status_code=403)


def test_a_suspended_member_is_told_why_they_cannot_mark(sign_in, olgas_reply):
    response = sign_in("suspended_member").post(url("helpful", olgas_reply), {"value": "1"})

    assertContains(response, "Your account is suspended", status_code=403)


def test_the_opening_post_cannot_be_marked_helpful(sign_in, pats_question):
    response = sign_in("other_member").post(
        url("helpful", pats_question.opening_post), {"value": "1"}
    )

    assert response.status_code == 403
    assert not HelpfulVote.objects.exists()


@pytest.mark.parametrize("value", ["", "2", "yes", "true"])
def test_a_bad_helpful_value_is_refused(sign_in, olgas_reply, value):
    response = sign_in("member").post(url("helpful", olgas_reply), {"value": value})

    assert response.status_code == 400
    assert not HelpfulVote.objects.exists()


def test_marking_an_unknown_post_is_not_found(sign_in, db):
    response = sign_in("member").post("/forum/posts/999999/helpful/", {"value": "1"})

    assert response.status_code == 404


def test_marking_someone_elses_pending_reply_is_not_found(sign_in, pats_question, moderator):
    pending = make_reply(topic=pats_question, author=moderator, state=Post.State.PENDING)

    response = sign_in("other_member").post(url("helpful", pending), {"value": "1"})

    assert response.status_code == 404


def test_marking_helpful_needs_a_post_request(sign_in, olgas_reply):
    assert sign_in("member").get(url("helpful", olgas_reply)).status_code == 405


def test_marking_helpful_in_the_helpful_order_comes_back_to_that_order(sign_in, olgas_reply):
    response = sign_in("member").post(
        url("helpful", olgas_reply), {"value": "1", "sort": "helpful"}
    )

    assert (
        response.url == f"{olgas_reply.topic.get_absolute_url()}?sort=helpful#post-{olgas_reply.pk}"
    )


def test_an_unknown_sort_on_a_helpful_mark_comes_back_to_the_oldest_order(sign_in, olgas_reply):
    response = sign_in("member").post(url("helpful", olgas_reply), {"value": "1", "sort": "evil"})

    assert response.url == olgas_reply.get_absolute_url()


# The answer that helped: who may.

ACCEPT_MATRIX = [
    ("anonymous", "login", False),
    ("member", 302, True),  # the asker
    ("other_member", 403, False),  # the reply's author
    ("suspended_member", 403, False),
    ("moderator", 403, False),
]


@pytest.mark.parametrize(("role", "expected", "accepted"), ACCEPT_MATRIX)
def test_who_may_choose_the_answer_that_helped(
    sign_in, pats_question, olgas_reply, role, expected, accepted
):
    response = sign_in(role).post(url("accept", olgas_reply), {"value": "1"})

    if expected == "login":
        assertRedirects(
            response, login_url(olgas_reply.get_absolute_url()), fetch_redirect_response=False
        )
    else:
        assert response.status_code == expected
    pats_question.refresh_from_db()
    assert pats_question.is_answered is accepted


def test_the_chosen_answer_is_shown_first_with_its_heading(sign_in, pats_question, olgas_reply):
    make_reply(topic=pats_question, body="A later reply that did not help as much.")

    response = sign_in("member").post(url("accept", olgas_reply), {"value": "1"}, follow=True)

    assertContains(response, "You marked this reply as the answer that helped you.")
    assertContains(response, '<h2 id="accepted-answer-title">', count=1)
    content = response.content.decode()
    assert content.index("Pacing myself helped most.") < content.index('id="replies-title"')
    assertContains(response, f'id="post-{olgas_reply.pk}"', count=1)
    assertContains(response, "is shown above, as the answer that helped the asker.")


def test_the_asker_can_unmark_the_answer(sign_in, pats_question, olgas_reply):
    client = sign_in("member")
    client.post(url("accept", olgas_reply), {"value": "1"})

    response = client.post(url("accept", olgas_reply), {"value": "0"}, follow=True)

    assertContains(response, "no longer marked as the answer that helped you")
    pats_question.refresh_from_db()
    assert not pats_question.is_answered


def test_accepting_the_opening_post_is_refused(sign_in, pats_question):
    response = sign_in("member").post(url("accept", pats_question.opening_post), {"value": "1"})

    assertContains(response, "The question itself can&#x27;t be its own answer.", status_code=403)


def test_a_non_asker_is_told_only_the_asker_chooses(sign_in, olgas_reply):
    response = sign_in("other_member").post(url("accept", olgas_reply), {"value": "1"})

    assertContains(response, "Only the member who asked", status_code=403)


def test_the_asker_sees_the_button_to_choose_the_answer(sign_in, olgas_reply):
    response = sign_in("member").get(olgas_reply.topic.get_absolute_url())

    assertContains(response, "Mark as the answer that helped me")


def test_other_members_do_not_see_the_button_to_choose_the_answer(sign_in, olgas_reply):
    response = sign_in("moderator").get(olgas_reply.topic.get_absolute_url())

    assertNotContains(response, "Mark as the answer that helped me")


@pytest.mark.parametrize("value", ["", "maybe"])
def test_a_bad_accept_value_is_refused(sign_in, pats_question, olgas_reply, value):
    response = sign_in("member").post(url("accept", olgas_reply), {"value": value})

    assert response.status_code == 400
    pats_question.refresh_from_db()
    assert not pats_question.is_answered


def test_the_answer_that_helped_shows_the_viewers_own_helpful_mark(
    sign_in, pats_question, olgas_reply
):
    Topic.objects.filter(pk=pats_question.pk).update(accepted_answer=olgas_reply)
    client = sign_in("moderator")
    client.post(url("helpful", olgas_reply), {"value": "1"})

    response = client.get(pats_question.get_absolute_url())

    assertContains(response, 'aria-pressed="true"', count=1)
    assertContains(response, '<span class="badge badge--ok">Answered</span>', html=True)
