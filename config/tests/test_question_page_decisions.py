"""
Moderators' decisions reach members' question pages, which are read through what is
kept for every reader (forum.question_page), at once.
"""

import pytest
from django.test import Client

from forum.tests.factories import make_question, make_reply
from moderation import professionals as moderation_professionals
from moderation import questions as moderation_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(other_member):
    topic = make_question(author=other_member, title="Does IVIG help with the weakness?")
    make_reply(topic=topic, body="It helped me after a few weeks")
    return topic


def test_a_merged_questions_page_still_redirects_members(topic, member, moderator):
    target = make_question(title="The question it duplicates")
    client = Client()
    client.force_login(member)
    client.get(topic.get_absolute_url())
    moderation_questions.merge_topic(topic=topic, into=target, moderator=moderator)

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()


@pytest.mark.parametrize("viewer", ["anonymous", "other_member"])
def test_a_members_new_badge_is_on_every_readers_next_page(viewer, request, application, moderator):
    topic = make_question(author=application.member, title="What helps with the fatigue?")
    user = None if viewer == "anonymous" else request.getfixturevalue(viewer)
    client = Client()
    if user is not None:
        client.force_login(user)
    assert "Neurologist" not in client.get(topic.get_absolute_url()).content.decode()

    moderation_professionals.approve_professional_application(
        moderator=moderator, application=application
    )

    assert "Neurologist" in client.get(topic.get_absolute_url()).content.decode()
