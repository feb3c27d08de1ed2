"""
The question page decides who may see its question and its answer that helped from
the rows it has loaded (forum.models.topic_is_visible, post_is_visible): the same
answer as the one rule in the database (visible_to), for every state of the opening
post and of the reply, with and without published replies, for every kind of viewer.
"""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum.models import Post, Topic, post_is_visible, topic_is_visible
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.django_db

STATES = [choice.value for choice in Post.State]
VIEWERS = ["anonymous", "asker", "replier", "other_member", "moderator"]


def _set_state(post, state, *, published):
    Post.objects.filter(pk=post.pk).update(
        state=state,
        published_at=timezone.now() if published else None,
        rejection_reason="Off topic." if state == Post.State.REJECTED else "",
    )


@pytest.fixture
def viewers(member, other_member, moderator):
    return {
        "anonymous": AnonymousUser(),
        "asker": member,
        "replier": MemberFactory(username="replying_rae"),
        "other_member": other_member,
        "moderator": moderator,
    }


@pytest.mark.parametrize("with_published_replies", [False, True])
def test_the_rule_in_python_matches_the_database_for_every_state_and_viewer(
    viewers, with_published_replies
):
    asker, replier = viewers["asker"], viewers["replier"]
    topic = make_question(author=asker)
    reply = make_reply(topic=topic, author=replier)
    if with_published_replies:
        make_reply(topic=topic)
    cases = itertools.product(STATES, [False, True], STATES, [False, True])
    for opening_state, opening_published, reply_state, reply_published in cases:
        _set_state(topic.opening_post, opening_state, published=opening_published)
        _set_state(reply, reply_state, published=reply_published)
        Topic.objects.filter(pk=topic.pk).update(reply_count=int(with_published_replies))
        for name, user in viewers.items():
            loaded = Topic.objects.select_related("opening_post").get(pk=topic.pk)
            post = Post.objects.get(pk=reply.pk)
            post.topic = loaded
            case = (opening_state, opening_published, reply_state, reply_published, name)

            expected_topic = Topic.objects.visible_to(user).filter(pk=topic.pk).exists()
            expected_post = Post.objects.visible_to(user).filter(pk=reply.pk).exists()
            assert topic_is_visible(loaded, user) is expected_topic, case
            assert post_is_visible(post, user) is expected_post, case


def test_a_question_without_an_opening_post_is_open_to_moderators_alone(viewers):
    topic = make_question(author=viewers["asker"])
    topic.opening_post = None

    assert topic_is_visible(topic, viewers["moderator"])
    for name in ["anonymous", "asker", "other_member"]:
        assert not topic_is_visible(topic, viewers[name])
