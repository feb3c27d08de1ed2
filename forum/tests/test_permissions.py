"""
Who may write on the forum: asking and replying, against every kind of visitor. (Who
may moderate: moderation/tests/test_admin_permissions.py.)
"""

import pytest

from forum.models import Post, Topic

BODY = "I was diagnosed last month and wonder what to expect."


# The forum's own pages.


@pytest.mark.parametrize(
    ("role", "status", "state"),
    [
        ("anonymous", 302, None),
        ("member", 302, Post.State.PENDING),
        ("other_member", 302, Post.State.PENDING),
        ("suspended_member", 403, None),
        ("moderator", 302, Post.State.APPROVED),
    ],
)
def test_who_may_ask_a_question(client, sign_in, category, role, status, state):
    sign_in(role)

    response = client.post(
        "/forum/ask/",
        {"title": "How long does recovery take?", "category": category.pk, "body": BODY},
    )

    assert response.status_code == status
    topic = Topic.objects.first()
    assert (topic.opening_post.state if topic else None) == state
    if role == "anonymous":
        assert response.url == "/accounts/signup/?next=%2Fforum%2Fask%2F"


@pytest.mark.parametrize(
    ("role", "status", "state"),
    [
        ("anonymous", 302, None),
        ("member", 302, Post.State.PENDING),
        ("other_member", 302, Post.State.PENDING),
        ("suspended_member", 403, None),
        ("moderator", 302, Post.State.APPROVED),
    ],
)
def test_who_may_reply(client, sign_in, question, role, status, state):
    sign_in(role)

    response = client.post(f"{question.get_absolute_url()}reply/", {"body": BODY})

    assert response.status_code == status
    reply = question.posts.exclude(pk=question.opening_post_id).first()
    assert (reply.state if reply else None) == state
    if role == "anonymous":
        assert response.url.startswith("/accounts/login/?next=/forum/")
