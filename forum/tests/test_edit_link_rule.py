"""Members whose posts are still reviewed cannot add links, by editing a post either:
the edit forms keep the rule the ask and reply forms have."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.tests.factories import MemberFactory
from forum.forms import EditQuestionForm, EditReplyForm
from forum.models import Post, PostRevision
from forum.tests.factories import make_question, make_reply

TRUST = "Please read www.example.org, it explains the CK test well."


@pytest.fixture
def question(db):
    return make_question(title="What does a high CK mean for me?")


def test_an_edit_adding_a_link_by_a_member_under_review_is_refused(member, question):
    form = EditReplyForm(
        {"body": TRUST}, author=member, original_body="It explains the CK test well."
    )

    assert not form.is_valid()
    assert form.has_error("body", "link_under_review")


def test_an_edit_of_a_question_adding_a_link_is_refused_too(member, question):
    form = EditQuestionForm(
        {"title": "What does a high CK mean for me?", "body": TRUST},
        author=member,
        original_body="It explains the CK test well enough for me.",
    )

    assert form.has_error("body", "link_under_review")


def test_an_edit_keeping_a_link_the_post_already_had_is_accepted(member):
    original = "Please read www.example.org, it explains it."

    form = EditReplyForm({"body": TRUST}, author=member, original_body=original)

    assert form.is_valid(), form.errors


def test_a_trusted_member_may_add_a_link_by_editing(settings, question):
    settings.ASKWELL_APPROVALS_BEFORE_TRUST = 0
    trusted = MemberFactory()

    form = EditReplyForm({"body": TRUST}, author=trusted, original_body="It explains it.")

    assert form.is_valid(), form.errors


def test_the_edit_page_refuses_the_link_and_keeps_what_was_typed(client, member, question):
    reply = make_reply(topic=question, author=member, state=Post.State.PENDING)
    client.force_login(member)

    response = client.post(reverse("forum:post-edit", args=[reply.pk]), {"body": TRUST})

    assert response.status_code == 200
    assertContains(response, "New members can&#x27;t add links")
    assertContains(response, "www.example.org, it explains the CK test well.")
    reply.refresh_from_db()
    assert reply.body == "Thank you for asking, I had the same question."
    assert not PostRevision.objects.exists()
