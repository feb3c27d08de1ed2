"""What the admin's front page counts for moderators (moderation.metrics). (How the
page shows it: config/tests/test_admin_metrics.py.)"""

import datetime

from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum.models import Flag
from forum.tests.factories import make_question, make_reply
from moderation.metrics import moderation_metrics


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def flag(post, *, when=None, resolved=False):
    return Flag.objects.create(
        post=post,
        flagger=MemberFactory(),
        reason=Flag.Reason.SPAM,
        created_at=when or timezone.now(),
        resolved_at=timezone.now() if resolved else None,
    )


def test_a_flagged_post_waits_from_its_first_open_flag_not_from_when_it_was_written(db):
    post = make_reply(topic=make_question(), when=ago(days=200))
    flag(post, when=ago(days=9), resolved=True)
    flag(post, when=ago(hours=5))

    assert moderation_metrics()["oldest_age"] == "5\xa0hours"
