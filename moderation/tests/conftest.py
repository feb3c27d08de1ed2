import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum.models import Category, Post, RejectionReason
from forum.tests.factories import make_question, make_reply

from .helpers import flag, hide


@pytest.fixture
def pending_reply(question, member):
    return make_reply(topic=question, author=member, state=Post.State.PENDING, body="Pending.")


@pytest.fixture
def flagged_reply(question, member):
    """A published reply with one open flag."""
    reply = make_reply(topic=question, author=member, body="Buy my cure at example.com")
    flag(reply, reason="spam")
    return reply


@pytest.fixture
def hidden_reply(question, member):
    """A reply hidden by three members' flags."""
    return hide(make_reply(topic=question, author=member, body="Stop your medication now."))


@pytest.fixture
def canned(db):
    """A canned reason for rejecting a post."""
    return RejectionReason.objects.create(
        title="No advertising", text="Posts may not advertise products.", position=0
    )


@pytest.fixture
def other_category(db):
    return Category.objects.get(slug="diagnosis-and-tests")


@pytest.fixture
def topic(member, category):
    """`member`'s published question, asked three days ago."""
    return make_question(
        author=member,
        category=category,
        title="Does IVIG help with fatigue?",
        slug="does-ivig-help-with-fatigue",
        when=timezone.now() - datetime.timedelta(days=3),
    )


@pytest.fixture
def target(other_member, category):
    """A similar question in the same category, asked earlier: where `topic` may be
    merged."""
    return make_question(
        author=other_member,
        category=category,
        title="IVIG and tiredness",
        slug="ivig-and-tiredness",
        when=timezone.now() - datetime.timedelta(days=5),
    )


@pytest.fixture
def target_member(db):
    """The member a moderator acts on."""
    return MemberFactory(username="target_tim")
