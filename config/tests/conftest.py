import pytest
from django.contrib.auth.models import Permission

from accounts.tests.factories import MemberFactory
from accounts.tests.staff import (  # noqa: F401  (re-exported for the config tests)
    TOTP_SECRET,
    give_totp,
    sign_in_with_second_factor,
    totp_code,
)


@pytest.fixture
def totp_moderator(moderator):
    return give_totp(moderator)


@pytest.fixture
def moderator_client(client, totp_moderator):
    """A moderator signed in with their password and authenticator code."""
    return sign_in_with_second_factor(client, totp_moderator)


@pytest.fixture
def superuser(db):
    return MemberFactory(username="admin_ada", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_member(db):
    """Staff with a question permission but not the moderation one."""
    user = MemberFactory(username="staff_stan", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_topic"))
    return user
