import importlib
import shutil

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from accounts.tests.factories import MemberFactory, ModeratorFactory
from articles.tests.factories import ArticleFactory
from forum.models import Category

_seed_categories = importlib.import_module("forum.migrations.0002_seed_categories")
_moderators_group = importlib.import_module("forum.migrations.0003_moderators_group")
_moderation_console = importlib.import_module("forum.migrations.0006_moderation_console")

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


def _empties_database(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "live_server" in fixtures
        or "transactional_db" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the live-server tests after every other test.

    Each of them ends by emptying the database, categories and groups included, so
    (as Django orders TransactionTestCase after TestCase) they must come last. pytest
    groups the tests that share the session-wide browser parameter, which would
    otherwise put them among the first.
    """
    items.sort(key=_empties_database)


@pytest.fixture
def migrated_data(transactional_db):
    """What the data migrations create: the forum's categories, the Moderators group
    and the canned rejection reasons. A live-server test starts from an emptied
    database."""
    _seed_categories.add_categories(apps, schema_editor=None)
    _moderation_console.fill_event_targets_and_reasons(apps, schema_editor=None)
    group, _ = Group.objects.get_or_create(name=_moderators_group.GROUP)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in _moderators_group.PERMISSIONS
    )


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
