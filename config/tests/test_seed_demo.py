"""`manage.py seed_demo`: demo members, a moderator, questions, replies and activity."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse

from accounts.models import User
from accounts.services import MODERATORS_GROUP
from accounts.tests.staff import totp_code
from forum import editing
from forum.models import (
    CategorySubscription,
    Flag,
    HelpfulVote,
    ModerationEvent,
    Notification,
    Post,
    Topic,
    TopicSubscription,
)
from moderation import posts as moderation_posts

pytestmark = pytest.mark.django_db

MODERATOR = "maria_moderates"
DEMO_TOTP_SECRET = "ASKWELLDEMOMODERATORTOTPSECRET23"
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
        "helpful marks": HelpfulVote.objects.count(),
        "helpful counts": sum(Post.objects.values_list("helpful_count", flat=True)),
        "answered questions": Topic.objects.filter(accepted_answer__isnull=False).count(),
        "followed questions": TopicSubscription.objects.count(),
        "followed categories": CategorySubscription.objects.count(),
        "notifications": Notification.objects.count(),
        "flags": Flag.objects.count(),
        "hidden posts": Post.objects.filter(state=Post.State.HIDDEN).count(),
        "authenticators": Authenticator.objects.count(),
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


def test_seed_demo_gives_the_moderator_an_authenticator_app_with_the_demo_secret(
    site_articles,
):
    seed_demo()

    authenticator = Authenticator.objects.get(user__username=MODERATOR)
    assert authenticator.type == Authenticator.Type.TOTP
    assert authenticator.wrap().validate_code(totp_code(DEMO_TOTP_SECRET))


def test_seed_demo_keeps_an_authenticator_the_moderator_already_has(site_articles):
    seed_demo()
    authenticator = Authenticator.objects.get(user__username=MODERATOR)

    seed_demo()

    assert list(Authenticator.objects.filter(user__username=MODERATOR)) == [authenticator]


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
    assert sum(published.values_list("reply_count", flat=True)) == 4


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
    assert DEMO_TOTP_SECRET in output
    assert "/accounts/2fa/" in output


def test_seed_demo_keeps_the_login_to_itself_outside_debug(site_articles, settings):
    settings.DEBUG = False

    output = seed_demo()

    assert MODERATOR not in output
    assert "askwell-demo-2026" not in output
    assert DEMO_TOTP_SECRET not in output


def test_seed_demo_without_articles_asks_for_the_import_first(db):
    with pytest.raises(CommandError, match="Import the articles first: manage.py import_articles"):
        seed_demo()

    assert not User.objects.exists()


def test_seed_demo_marks_some_replies_helpful_with_counts_to_match(site_articles):
    seed_demo()

    assert HelpfulVote.objects.count() == 5
    for post in Post.objects.filter(helpful_count__gt=0):
        assert post.helpful_count == post.helpful_votes.count()
    chris = Post.objects.get(author__username="carer_chris", topic__title__startswith="How long")
    assert chris.helpful_count == 2


def test_seed_demo_marks_the_answer_that_helped_on_one_question(site_articles):
    seed_demo()

    answered = Topic.objects.get(accepted_answer__isnull=False)
    assert answered.title.startswith("Is a CK of 4,000")
    assert answered.accepted_answer.author.username == "dana_k"
    assert Topic.objects.filter(accepted_answer__isnull=True).count() == 4


def test_seed_demo_has_askers_follow_their_questions_and_a_member_follow_a_category(
    site_articles,
):
    seed_demo()

    for topic in Topic.objects.select_related("opening_post__author"):
        assert TopicSubscription.objects.filter(
            topic=topic, member=topic.opening_post.author
        ).exists()
    assert list(CategorySubscription.objects.values_list("member__username", "category__slug")) == [
        ("amelia_r", "living-with-a-condition")
    ]


def test_seed_demo_gives_amelia_unread_notifications_shown_in_the_header(site_articles, client):
    seed_demo()
    amelia = User.objects.get(username="amelia_r")

    assert Notification.objects.filter(recipient=amelia, read_at__isnull=True).count() == 4
    client.force_login(amelia)
    response = client.get("/forum/notifications/")
    assert "Small changes at home that helped with weak legs?" in response.text
    assert "Notifications, 4 unread" in response.text


def test_seed_demo_does_not_notify_members_of_their_own_posts(site_articles):
    seed_demo()

    assert not Notification.objects.filter(post__author=F("recipient")).exists()


def test_seed_demo_leaves_one_open_flag_below_the_hiding_threshold(site_articles, settings):
    seed_demo()

    flag = Flag.objects.get()
    assert flag.resolved_at is None
    assert flag.reason == Flag.Reason.MISINFORMATION
    assert flag.post.author.username == "ben_walks"
    assert flag.post.state == Post.State.APPROVED
    assert settings.ASKWELL_FLAGS_TO_HIDE > 1


def test_seed_demo_flagged_post_is_listed_for_moderators_in_the_admin(site_articles, client):
    seed_demo()
    client.force_login(User.objects.get(username=MODERATOR))

    response = client.get(reverse("admin:forum_pendingpost_changelist"))

    assert response.status_code == 200
    assert "stopped the steroids" in response.text


def test_running_seed_demo_again_after_a_flag_is_dismissed_raises_no_new_flag(site_articles):
    seed_demo()
    moderation_posts.dismiss_flags(
        post=Flag.objects.get().post, moderator=User.objects.get(username=MODERATOR)
    )

    seed_demo()

    assert Flag.objects.count() == 1
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


def test_running_seed_demo_again_after_a_reply_is_removed_still_works(site_articles):
    seed_demo()
    reply = Post.objects.get(author__username="dana_k", topic__title__startswith="Is a CK")
    editing.remove_post(post=reply, member=reply.author)
    first = counts()

    output = seed_demo()

    assert counts() == first
    assert "0 new questions" in output
