import shutil

import pytest

from accounts.tests.factories import MemberFactory, ModeratorFactory
from articles.tests.factories import ArticleFactory
from forum.models import Category

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium (Playwright's own download is not available)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def member(db):
    return MemberFactory(username="patient_pat")


@pytest.fixture
def other_member(db):
    return MemberFactory(username="other_olga")


@pytest.fixture
def suspended_member(db):
    return MemberFactory(username="suspended_sam", is_suspended=True)


@pytest.fixture
def unverified_member(db):
    return MemberFactory(username="unverified_una", verified=False)


@pytest.fixture
def moderator(db):
    return ModeratorFactory(username="moderator_mo")


@pytest.fixture
def category(db):
    return Category.objects.get(slug="treatments-and-medication")


@pytest.fixture
def article(db):
    return ArticleFactory(slug="necrotizing-myopathy", title="Necrotizing myopathy")
