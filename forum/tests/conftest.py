import pytest

from forum.tests import hidden
from forum.tests.factories import make_question, make_reply


@pytest.fixture
def second_factor():
    """`sign_in` signs staff in to the forum's pages with their password alone, as the
    forum asks no more of them (the admin does)."""
    return False


@pytest.fixture
def typed(category):
    """A question as a member types it into the ask form."""
    return {
        "title": "How long does recovery usually take?",
        "category": str(category.pk),
        "body": "I was diagnosed last month and wonder what to expect.",
    }


@pytest.fixture
def pats_question(member, category):
    """A published question asked by `member` (patient_pat)."""
    return make_question(
        author=member,
        category=category,
        title="Does IVIG help with fatigue?",
        slug="does-ivig-help-with-fatigue",
    )


@pytest.fixture
def olgas_reply(pats_question, other_member):
    """A published reply by `other_member` (other_olga) to `pats_question`."""
    return make_reply(topic=pats_question, author=other_member, body="Pacing myself helped most.")


@pytest.fixture
def hidden_question(member, category, article):
    """Builds `member`'s unpublished question, in the state the test asks for."""

    def build(state):
        return hidden.question(author=member, category=category, article=article, state=state)

    return build


@pytest.fixture
def hidden_reply(member, question):
    """Builds `member`'s unpublished reply to a published question."""

    def build(state):
        return hidden.reply(author=member, topic=question, state=state)

    return build
