"""`manage.py seed_demo`: demo members, a moderator, questions and replies."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.services import MODERATORS_GROUP
from forum.models import ModerationEvent, Post, Topic

pytestmark = pytest.mark.django_db

MODERATOR = "maria_moderates"
MEMBERS = {"amelia_r", "ben_walks", "carer_chris", "dana_k"}


@pytest.fixture
def site_articles(db):
    call_command("import_articles", stdout=StringIO())


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "questions": Topic.objects.count(),
        "posts": Post.objects.count(),
        "moderation events": ModerationEvent.objects.count(),
    }


def test_seed_demo_creates_members_with_verified_email(site_articles):
    seed_demo()

    assert set(User.objects.values_list("username", flat=True)) == MEMBERS | {MODERATOR}
    assert not EmailAddress.objects.filter(verified=False).exists()


def test_seed_demo_creates_a_moderator_who_is_staff_but_not_superuser(site_articles):
    seed_demo()

    moderator = User.objects.get(username=MODERATOR)
    assert moderator.is_staff
    assert not moderator.is_superuser
    assert list(moderator.groups.values_list("name", flat=True)) == [MODERATORS_GROUP]


def test_seed_demo_attaches_some_questions_to_articles(site_articles):
    seed_demo()

    attached = Topic.objects.filter(article__isnull=False)
    assert set(attached.values_list("article__slug", flat=True)) == {
        "necrotizing-myopathy",
        "necrotizing-myopathy-symptoms",
    }
    assert Topic.objects.filter(article__isnull=True).exists()


def test_seed_demo_creates_published_questions_with_replies(site_articles):
    seed_demo()

    published = Topic.objects.filter(opening_post__state=Post.State.APPROVED)
    assert published.count() == 3
    assert sum(published.values_list("reply_count", flat=True)) == 3


def test_seed_demo_leaves_a_question_and_a_reply_waiting_for_review(site_articles):
    seed_demo()

    opening_posts = Topic.objects.values("opening_post")
    assert Post.objects.pending().filter(pk__in=opening_posts).count() == 1
    assert Post.objects.pending().exclude(pk__in=opening_posts).count() == 1


def test_seed_demo_rejects_the_spam_question_with_a_reason(site_articles):
    seed_demo()

    spam = Topic.objects.get(title__startswith="BUY CHEAP STEROIDS")
    assert spam.opening_post.state == Post.State.REJECTED
    assert "Advertising" in spam.opening_post.rejection_reason


def test_running_seed_demo_twice_creates_nothing_new(site_articles):
    seed_demo()
    first = counts()

    output = seed_demo()

    assert counts() == first
    assert "0 new questions, 5 in all" in output


def test_seed_demo_prints_the_moderator_login_in_debug(site_articles, settings):
    settings.DEBUG = True

    output = seed_demo()

    assert MODERATOR in output
    assert "askwell-demo-2026" in output


def test_seed_demo_keeps_the_login_to_itself_outside_debug(site_articles, settings):
    settings.DEBUG = False

    output = seed_demo()

    assert MODERATOR not in output
    assert "askwell-demo-2026" not in output


def test_seed_demo_without_articles_asks_for_the_import_first(db):
    with pytest.raises(CommandError, match="Import the articles first: manage.py import_articles"):
        seed_demo()

    assert not User.objects.exists()
