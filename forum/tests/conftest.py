import pytest
from django.contrib.auth.models import Permission

from accounts.tests.factories import MemberFactory
from forum.models import Post
from forum.tests.factories import make_question


@pytest.fixture
def always_review_member(db):
    return MemberFactory(username="careful_cara", review_policy="always")


@pytest.fixture
def staff_member(db):
    """Staff with the question permissions but not the moderation one."""
    user = MemberFactory(username="staff_stan", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_topic"))
    return user


@pytest.fixture
def question(db):
    """A published question by someone the test does not care about."""
    return make_question(title="How long does recovery usually take?")


@pytest.fixture
def pending_question(member):
    return make_question(
        author=member, title="Private worry about my dosage", state=Post.State.PENDING
    )
