"""
Questions and replies in a chosen state, written straight to the database (the
services' own tests cover how states are chosen). Approved posts are counted by the
forum's own function, so topic and category counters stay true, and indexed for search
as the services do.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum.counters import count_publication
from forum.models import Category, Post, Topic
from forum.search.index import reindex_topic
from markup.render import render_markdown


def make_question(
    *,
    author=None,
    category=None,
    title="How long does recovery usually take?",
    body="I was diagnosed last month and wonder what to expect.",
    state=Post.State.APPROVED,
    article=None,
    when=None,
    rejection_reason="",
    slug="question",
):
    author = author or MemberFactory()
    category = category or Category.objects.order_by("position").first()
    when = when or timezone.now()
    if state == Post.State.REJECTED and not rejection_reason:
        rejection_reason = "Off topic for this forum."
    topic = Topic.objects.create(
        category=category,
        title=title,
        slug=slug,
        article=article,
        created_at=when,
        last_activity_at=when,
    )
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        body_html=render_markdown(body),
        state=state,
        created_at=when,
        published_at=when if state == Post.State.APPROVED else None,
        rejection_reason=rejection_reason,
    )
    topic.opening_post = post
    topic.save(update_fields=["opening_post"])
    if state == Post.State.APPROVED:
        count_publication(post, when=when)
    reindex_topic(topic)
    return topic


def make_reply(
    *,
    topic,
    author=None,
    body="Thank you for asking, I had the same question.",
    state=Post.State.APPROVED,
    when=None,
    rejection_reason="",
    index=True,
):
    """A reply; `index=False` leaves the question's search entry to the caller, who
    writes many replies and reindexes once."""
    author = author or MemberFactory()
    when = when or timezone.now()
    if state == Post.State.REJECTED and not rejection_reason:
        rejection_reason = "Off topic for this forum."
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        body_html=render_markdown(body),
        state=state,
        created_at=when,
        published_at=when if state == Post.State.APPROVED else None,
        rejection_reason=rejection_reason,
    )
    if state == Post.State.APPROVED:
        count_publication(post, when=when)
        if index:
            reindex_topic(topic)
    return post


def make_replies(topic, count, start=None):
    """`count` published replies to `topic`, a minute apart from `start` (a day ago by
    default), numbered in their text."""
    start = start or timezone.now() - datetime.timedelta(days=1)
    replies = [
        make_reply(
            topic=topic,
            body=f"Reply number {n:02d} from a member.",
            when=start + datetime.timedelta(minutes=n),
            index=False,
        )
        for n in range(1, count + 1)
    ]
    reindex_topic(topic)
    return replies


def make_trusted_member(**kwargs):
    """
    An established member: an account weeks old whose posts no longer wait for review
    (as many approved posts as trust takes, in a question of its own in the last
    category, away from what tests count). Their flags count towards hiding a post.
    """
    member = MemberFactory(date_joined=timezone.now() - datetime.timedelta(days=30), **kwargs)
    topic = make_question(
        author=member,
        category=Category.objects.order_by("position").last(),
        title="What helped you most in the first year?",
        slug="first-year",
    )
    for _ in range(settings.ASKWELL_APPROVALS_BEFORE_TRUST - 1):
        make_reply(
            topic=topic, author=member, body="Resting in the afternoon helped me.", index=False
        )
    reindex_topic(topic)
    return member
