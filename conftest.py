"""
Fixtures every app's tests share: the people (members in each standing, a moderator,
staff who are not moderators, an administrator), signing them in, a question and a
reply, followers, and the real task queue. An app's own tests/conftest.py holds what
only that app's tests use.
"""

import importlib
import io
import shutil
import signal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command

from accounts.tests import professionals, staff
from accounts.tests.factories import MemberFactory, ModeratorFactory
from articles import generations
from articles.tests.factories import ArticleFactory
from forum import post_fragments
from forum.models import Category, Post
from forum.notifications import follows
from forum.tests.factories import make_question, make_reply

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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark the live-server tests (`-m empties_database`), before `-m` selects: `make
    test` runs the others in parallel first and them after, never side by side in one
    process, so that no test finds the database emptied under it."""
    for item in items:
        if _empties_database(item):
            item.add_marker(pytest.mark.empties_database)


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def _run_live_server_tests_last(items):
    """Run the live-server tests after every other test.

    Each of them ends by emptying the database, categories and groups included, so
    (as Django orders TransactionTestCase after TestCase) they must come last. pytest
    groups the tests that share the session-wide browser parameter, which would
    otherwise put them among the first.
    """
    items.sort(key=_empties_database)


# Every test's rows are rolled back, which leaves them behind as dead rows until a
# VACUUM: on a PostgreSQL without autovacuum (as CI's may be) each worker's tables and
# indexes would grow all run long and every query slow down with them.
TESTS_BETWEEN_VACUUMS = 100


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    item.session.tests_since_vacuum = getattr(item.session, "tests_since_vacuum", 0) + 1
    if (
        item.session.tests_since_vacuum >= TESTS_BETWEEN_VACUUMS
        and connection.vendor == "postgresql"
        and connection.connection is not None
        and not connection.in_atomic_block
    ):
        item.session.tests_since_vacuum = 0
        with item.config.stash[blocking_manager_key].unblock(), connection.cursor() as cursor:
            cursor.execute("VACUUM")
    return result


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no page stored by an earlier test (whose
    rows had the same ids) and no rate limit counted by one."""
    cache.clear()
    post_fragments.LOCAL.clear()
    generations.LOCAL.clear()
    yield
    cache.clear()
    post_fragments.LOCAL.clear()
    generations.LOCAL.clear()


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


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Avatars and data exports go to the test's own folders, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "exports"},
        },
    }
    return tmp_path


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
def always_review_member(db):
    return MemberFactory(username="careful_cara", review_policy="always")


@pytest.fixture
def moderator(db):
    return ModeratorFactory(username="moderator_mo")


@pytest.fixture
def staff_member(db):
    """Staff with a question permission but not the moderation one."""
    user = MemberFactory(username="staff_stan", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_topic"))
    return user


@pytest.fixture
def staff_without_moderation(db):
    """Staff with the member-standing permissions but not the moderation one."""
    user = MemberFactory(username="staff_stan", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_member"),
        Permission.objects.get(codename="change_member"),
    )
    return user


@pytest.fixture
def superuser(db):
    """An administrator: staff and superuser."""
    return MemberFactory(username="admin_ada", is_staff=True, is_superuser=True)


@pytest.fixture
def application(member):
    """`member`'s application to be shown as a verified Neurologist, waiting for a
    moderator."""
    return professionals.apply(member)


# Signing in.


@pytest.fixture
def totp_moderator(moderator):
    """`moderator`, with an authenticator app set up."""
    return staff.give_totp(moderator)


@pytest.fixture
def moderator_client(client, totp_moderator):
    """The test's client, signed in as `moderator` with their password and authenticator
    code."""
    return staff.sign_in_with_second_factor(client, totp_moderator)


@pytest.fixture
def second_factor():
    """Whether `sign_in` signs staff in with their authenticator code too, as the admin
    asks of them. The forum's tests override it with False: its pages ask for the
    password only."""
    return True


@pytest.fixture
def sign_in(client, request, second_factor):
    """`sign_in(role)` signs the test's client out, then in as the fixture named `role`
    (nobody for "anonymous"), and returns the client."""

    def sign_in(role):
        client.logout()
        if role != "anonymous":
            user = request.getfixturevalue(role)
            if second_factor:
                staff.sign_in(client, user)
            else:
                client.force_login(user)
        return client

    return sign_in


# What members read and write.


@pytest.fixture
def category(db):
    return Category.objects.get(slug="treatments-and-medication")


@pytest.fixture
def article(db):
    return ArticleFactory(slug="necrotizing-myopathy", title="Necrotizing myopathy")


@pytest.fixture
def question(db):
    """A published question by someone the test does not care about."""
    return make_question(title="How long does recovery usually take?")


@pytest.fixture
def pending_question(member):
    return make_question(
        author=member, title="Private worry about my dosage", state=Post.State.PENDING
    )


@pytest.fixture
def reply(question, member):
    """A published reply by `member` to `question`. (Modules about other replies define
    their own `reply`.)"""
    return make_reply(topic=question, author=member, body="Try this miracle supplement.")


@pytest.fixture
def three_flags_hide(settings):
    """Three members' flags hide a post (the default), whatever the environment says."""
    settings.ASKWELL_FLAGS_TO_HIDE = 3


# Followers.


@pytest.fixture
def follower_emails():
    """How `follower` chose to be e-mailed: at once, as every member starts. A module
    about notifications in the site overrides this with "never"."""
    return "immediate"


@pytest.fixture
def follower(db, follower_emails):
    return MemberFactory(
        username="follower_fay", email="fay@example.org", email_notifications=follower_emails
    )


@pytest.fixture
def followed(question, follower):
    """`question`, followed by `follower`."""
    follows.follow_topic(member=follower, topic=question)
    return question


# The real task queue.


@pytest.fixture
def database_task_queue(settings):
    """Tasks queued in the database, as in production, instead of run at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker(database_task_queue):
    """`run_worker()` runs `manage.py db_worker` over the tasks queued so far. The worker
    installs its own Ctrl-C handlers; pytest gets its own back afterwards."""
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    saved = {sig: signal.getsignal(sig) for sig in signals}

    def run_worker():
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            startup_delay=False,
            verbosity=0,
            stdout=io.StringIO(),
        )

    yield run_worker
    for sig, handler in saved.items():
        signal.signal(sig, handler)
