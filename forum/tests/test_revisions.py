"""A post's edit history: an "edited" link (to its history) on an edited post for everyone who
may see it, who edited it and when, and what changed for its author and moderators."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from forum import editing, revisions
from forum.models import Post, PostRevision
from forum.tests.factories import make_reply

from . import hidden


@pytest.fixture(autouse=True)
def _members_are_trusted(settings):
    """Edits stay published: members here are past their first reviewed posts."""
    settings.ASKWELL_APPROVALS_BEFORE_TRUST = 0


def history_url(post):
    return reverse("forum:post-revisions", args=[post.pk])


@pytest.fixture
def edited_reply(question, member):
    reply = make_reply(topic=question, author=member, body="Call me on 07700 900123.\nRest helps.")
    return editing.edit_post(post=reply, editor=member, body="Rest helps.\nSo does <b>pacing</b>.")


def test_an_edited_post_links_to_its_history(client, edited_reply):
    response = client.get(edited_reply.topic.get_absolute_url())

    assertContains(response, f'href="{history_url(edited_reply)}"')


def test_a_post_never_edited_has_no_history_link(client, question):
    response = client.get(question.get_absolute_url())

    assertNotContains(response, "/edits/")


@pytest.mark.parametrize(
    ("role", "sees_changes"),
    [
        ("anonymous", False),
        ("member", True),  # the author
        ("other_member", False),
        ("suspended_member", False),
        ("moderator", True),
    ],
)
def test_who_sees_the_history_and_who_sees_what_changed(sign_in, role, sees_changes, edited_reply):
    client = sign_in(role)

    response = client.get(history_url(edited_reply))

    assert response.status_code == 200
    assertContains(response, "Edited by patient_pat")
    assert ("07700 900123" in response.content.decode()) == sees_changes


def test_the_change_is_shown_line_by_line_and_escaped(client, member, edited_reply):
    client.force_login(member)

    response = client.get(history_url(edited_reply))

    page = response.content.decode()
    assert "Removed: </span>Call me on 07700 900123." in page
    assert "Added: </span>So does &lt;b&gt;pacing&lt;/b&gt;." in page
    assert "<b>pacing</b>" not in page


def test_a_moderators_edit_is_marked_as_a_moderators(client, member, moderator, question):
    reply = make_reply(topic=question, author=member, body="My number is 07700 900123.")
    locked = Post.objects.get(pk=reply.pk)
    editing.replace_text(locked, editor=moderator, body="My number is [removed by a moderator].")

    response = client.get(history_url(reply))

    assertContains(response, "Edited by a moderator")
    assertNotContains(response, "moderator_mo")
    assertNotContains(response, "07700 900123")


def test_an_anonymous_askers_edit_does_not_name_them(client, member, category, article):
    from forum.tests.factories import make_question

    topic = make_question(author=member, category=category, title="Asked without my name")
    Post.objects.filter(pk=topic.opening_post_id).update(is_anonymous=True)
    post = Post.objects.get(pk=topic.opening_post_id)
    editing.edit_post(post=post, editor=member, body="Edited, still without my name here.")

    response = client.get(history_url(post))

    assertContains(response, "Anonymous member")
    assertNotContains(response, "patient_pat")


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN])
def test_the_history_of_a_post_others_may_not_see_is_not_found(sign_in, member, question, state):
    secret = hidden.reply(author=member, topic=question, state=state)
    PostRevision.objects.create(post=secret, body="Earlier secret text", edited_by=member)

    response = sign_in("other_member").get(history_url(secret))

    assert response.status_code == 404
    assert "Earlier secret text" not in response.content.decode()


def test_the_history_of_a_removed_post_is_not_shown_to_members(sign_in, edited_reply):
    editing.remove_post(post=edited_reply, member=edited_reply.author)

    assert sign_in("other_member").get(history_url(edited_reply)).status_code == 404
    assert sign_in("member").get(history_url(edited_reply)).status_code == 404


def test_the_history_of_a_post_that_does_not_exist_is_not_found(client, db):
    assert client.get("/forum/posts/987654/edits/").status_code == 404


def test_the_history_page_takes_only_get(client, edited_reply):
    assert client.post(history_url(edited_reply)).status_code == 405


def test_the_history_page_asks_a_fixed_number_of_queries(
    client, member, question, django_assert_max_num_queries
):
    reply = make_reply(topic=question, author=member, body="First version of the text.")
    for number in range(5):
        reply = editing.edit_post(post=reply, editor=member, body=f"Version {number} of it.")
    client.force_login(member)

    with django_assert_max_num_queries(8):
        response = client.get(history_url(reply))

    assert len(response.context["edits"]) == 5


def test_each_edit_compares_the_text_it_replaced_with_the_text_it_put_in(member, question):
    reply = make_reply(topic=question, author=member, body="one\ntwo")
    reply = editing.edit_post(post=reply, editor=member, body="one\nthree")
    reply = editing.edit_post(post=reply, editor=member, body="four\nthree")

    first, second = revisions.edits_of(reply)

    assert [(line.kind, line.text) for line in first.hunks[0]] == [
        ("same", "one"),
        ("removed", "two"),
        ("added", "three"),
    ]
    assert [(line.kind, line.text) for line in second.hunks[0]] == [
        ("removed", "one"),
        ("added", "four"),
        ("same", "three"),
    ]


def test_a_question_title_change_is_shown(client, member, pats_question):
    post = pats_question.opening_post
    editing.edit_post(
        post=post, editor=member, body=post.body, title="Does IVIG help with tiredness?"
    )
    client.force_login(member)

    response = client.get(history_url(post))

    assertContains(response, "<del>Does IVIG help with fatigue?</del>", html=True)
    assertContains(response, "<ins>Does IVIG help with tiredness?</ins>", html=True)
