"""
Flags: members telling moderators that a post is a problem. When enough distinct
established members have open flags on a published post, the forum hides it until a
moderator decides (moderation.posts: restore it, dismiss the flags or uphold them).
Every flag reaches the moderation queue; only established members' flags hide.
"""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import lifecycle
from .errors import Refused
from .models import Flag, Post
from .standing import check_may_act, needs_review


class AlreadyFlagged(Refused):
    """The member already has an open flag on this post."""

    def __init__(self):
        super().__init__(
            _("You have already flagged this post. Moderators will look at it."),
            code="already_flagged",
        )


def may_flag(*, member, post):
    """Whether `member` may flag `post` at all: a signed-in member in good standing,
    not its author, and the post published."""
    return (
        post.may_be_flagged_by(member) and member.is_active and member.posting_restriction() is None
    )


def open_flags(post):
    return Flag.objects.filter(post=post, resolved_at__isnull=True)


def has_open_flag(*, post, member):
    return member.is_authenticated and open_flags(post).filter(flagger=member).exists()


def counts_towards_hiding(flagger, *, now=None):
    """
    Whether `flagger`'s flag counts towards hiding a post: a moderator's does; a
    member's once their own posts are no longer reviewed and their account is older
    than settings.ASKWELL_FLAGGER_MIN_AGE_HOURS. Accounts made to hide a member's post
    (new, or never approved) can flag, but only moderators act on their flags.
    """
    if flagger.is_moderator():
        return True
    min_age = timedelta(hours=settings.ASKWELL_FLAGGER_MIN_AGE_HOURS)
    if flagger.date_joined > (now or timezone.now()) - min_age:
        return False
    return not needs_review(flagger)


def reasons_summary(flags):
    """ "Medical misinformation (2), Spam or advertising (1)": for the moderation log."""
    counts = Counter(flag.get_reason_display() for flag in flags)
    return ", ".join(f"{reason} ({n})" for reason, n in counts.most_common())


def _check_may_flag(*, member, post):
    check_may_act(member, doing="flag")
    if post.author_id == member.pk:
        raise Refused(_("You can't flag your own post."), code="own_post")
    if post.state != Post.State.APPROVED:
        raise Refused(_("This post can no longer be flagged."), code="not_published")


@transaction.atomic
def flag_post(*, post, flagger, reason, detail=""):
    """
    Record `flagger`'s flag on a published post. When the distinct members with open
    flags on it that count towards hiding (counts_towards_hiding: moderators, and
    established members) reach settings.ASKWELL_FLAGS_TO_HIDE, hide the post until a
    moderator decides. A moderator's flag counts as one member's. Every flag, counted
    or not, puts the post in the moderation queue.

    Raises Refused when the member may not flag the post (AlreadyFlagged when they
    have an open flag on it already). Returns the flag.
    """
    locked = lifecycle.lock(post)
    _check_may_flag(member=flagger, post=locked)
    detail = detail.strip()
    if reason == Flag.Reason.OTHER and not detail:
        raise Refused(
            _("Tell the moderators what is wrong, so they know what to look for."),
            code="detail_required",
        )
    if has_open_flag(post=locked, member=flagger):
        raise AlreadyFlagged
    try:
        # A savepoint, so a double submit racing past the check above leaves this
        # transaction usable; the database constraint has the last word.
        with transaction.atomic():
            flag = Flag.objects.create(post=locked, flagger=flagger, reason=reason, detail=detail)
    except IntegrityError as error:
        raise AlreadyFlagged from error

    flags = list(open_flags(locked).select_related("flagger"))
    now = timezone.now()
    counted = {f.flagger_id for f in flags if counts_towards_hiding(f.flagger, now=now)}
    if len(counted) >= settings.ASKWELL_FLAGS_TO_HIDE:
        locked = lifecycle.change_state(locked, lifecycle.HIDE, reason=reasons_summary(flags))
    flag.post = locked
    return flag
