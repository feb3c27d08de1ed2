"""
Flags that hide: only established members' flags (moderators', and members whose posts
are no longer reviewed and whose account is old enough) count towards hiding a post.
New accounts can flag, and their flags reach the moderation queue, but a few of them
cannot take a trusted member's post down.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from accounts.tests.staff import sign_in as staff_sign_in
from forum import flags
from forum.models import Flag, Post
from forum.tests.factories import make_question, make_reply, make_trusted_member

pytestmark = pytest.mark.django_db

QUEUE = "/admin/forum/pendingpost/"


@pytest.fixture(autouse=True)
def _three_flags_hide_and_three_days_establish(settings):
    settings.ASKWELL_FLAGS_TO_HIDE = 3
    settings.ASKWELL_APPROVALS_BEFORE_TRUST = 2
    settings.ASKWELL_FLAGGER_MIN_AGE_HOURS = 72


@pytest.fixture
def trusted_post(question):
    """A published reply by a member whose posts have long been published at once."""
    return make_reply(
        topic=question, author=make_trusted_member(username="trusted_tess"), body="It helped."
    )


def new_account(**kwargs):
    """An account made minutes ago, e-mail confirmed."""
    return MemberFactory(date_joined=timezone.now() - timedelta(minutes=5), **kwargs)


def flag(post, flagger):
    return flags.flag_post(post=post, flagger=flagger, reason=Flag.Reason.ABUSE)


def state_of(post):
    return Post.objects.get(pk=post.pk).state


def test_three_new_accounts_cannot_hide_a_trusted_members_post(trusted_post):
    for _ in range(3):
        flag(trusted_post, new_account())

    assert state_of(trusted_post) == Post.State.APPROVED


def test_flags_from_new_accounts_are_kept_for_the_moderators(trusted_post):
    for _ in range(3):
        flag(trusted_post, new_account())

    assert Flag.objects.filter(post=trusted_post, resolved_at__isnull=True).count() == 3


def test_flags_from_new_accounts_put_the_post_in_the_moderation_queue(
    client, moderator, trusted_post
):
    for _ in range(3):
        flag(trusted_post, new_account())

    response = staff_sign_in(client, moderator).get(QUEUE)

    assert response.status_code == 200
    assert f"{QUEUE}{trusted_post.pk}/change/" in response.text


def test_three_established_members_hide_the_post(trusted_post):
    for _ in range(3):
        flag(trusted_post, make_trusted_member())

    assert state_of(trusted_post) == Post.State.HIDDEN


def test_new_accounts_do_not_make_up_the_number_for_established_members(trusted_post):
    flag(trusted_post, make_trusted_member())
    flag(trusted_post, make_trusted_member())
    flag(trusted_post, new_account())
    assert state_of(trusted_post) == Post.State.APPROVED

    flag(trusted_post, make_trusted_member())

    assert state_of(trusted_post) == Post.State.HIDDEN


def test_an_old_account_whose_posts_are_still_reviewed_does_not_count():
    never_approved = MemberFactory(date_joined=timezone.now() - timedelta(days=400))

    assert not flags.counts_towards_hiding(never_approved)


def test_a_young_account_does_not_count_even_with_approved_posts():
    young = new_account()
    make_question(author=young)
    make_question(author=young)

    assert not flags.counts_towards_hiding(young)


def test_a_member_moderators_keep_under_review_does_not_count():
    member = make_trusted_member()
    member.review_policy = member.ReviewPolicy.ALWAYS
    member.save(update_fields=["review_policy"])

    assert not flags.counts_towards_hiding(member)


def test_an_account_counts_once_it_is_old_enough():
    member = make_trusted_member()
    member.date_joined = timezone.now() - timedelta(hours=73)
    member.save(update_fields=["date_joined"])

    assert flags.counts_towards_hiding(member)


def test_the_age_an_account_needs_is_a_setting(settings):
    member = make_trusted_member()
    member.date_joined = timezone.now() - timedelta(hours=73)
    member.save(update_fields=["date_joined"])
    settings.ASKWELL_FLAGGER_MIN_AGE_HOURS = 24 * 7

    assert not flags.counts_towards_hiding(member)


def test_a_moderators_flag_counts_however_new_their_account(trusted_post, moderator):
    assert flags.counts_towards_hiding(moderator)
    flag(trusted_post, make_trusted_member())
    flag(trusted_post, make_trusted_member())

    flag(trusted_post, moderator)

    assert state_of(trusted_post) == Post.State.HIDDEN
