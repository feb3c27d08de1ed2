"""
Flags: members telling moderators that a post is a problem, and moderators deciding
on them. When enough distinct members have open flags on a published post, the forum
hides it until a moderator restores it, dismisses the flags or upholds them; a
moderator may also hide a published post while they decide.

Views and the admin go through these functions.
"""

from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import audit, services
from .models import Flag, ModerationEvent, Post
from .services import refresh_counters, rejection_details, rejection_text
from .tasks import notify_followers, send_rejection_notice


class AlreadyFlagged(Exception):
    """The member already has an open flag on this post."""


def may_flag(*, member, post):
    """Whether `member` may flag `post` at all: a signed-in member in good standing,
    not its author, and the post published."""
    return (
        member.is_authenticated
        and member.is_active
        and member.posting_restriction() is None
        and post.author_id != member.pk
        and post.state == Post.State.APPROVED
    )


def open_flags(post):
    return Flag.objects.filter(post=post, resolved_at__isnull=True)


def has_open_flag(*, post, member):
    return open_flags(post).filter(flagger=member).exists()


def _lock(post):
    return Post.objects.select_for_update(of=("self",)).select_related("topic").get(pk=post.pk)


def reasons_summary(flags):
    """ "Medical misinformation (2), Spam or advertising (1)": for the moderation log."""
    counts = Counter(flag.get_reason_display() for flag in flags)
    return ", ".join(f"{reason} ({n})" for reason, n in counts.most_common())


@transaction.atomic
def flag_post(*, post, flagger, reason, detail=""):
    """
    Record `flagger`'s flag on a published post. When the distinct members with open
    flags on it reach settings.ASKWELL_FLAGS_TO_HIDE, hide the post until a moderator
    decides. A moderator's flag counts as one member's, like anyone else's.

    Raises PermissionDenied when the member may not flag the post, AlreadyFlagged when
    they have an open flag on it already. Returns the flag.
    """
    locked = _lock(post)
    if not may_flag(member=flagger, post=locked):
        raise PermissionDenied
    detail = detail.strip()
    if reason == Flag.Reason.OTHER and not detail:
        raise ValueError("A flag for another reason needs details.")
    if has_open_flag(post=locked, member=flagger):
        raise AlreadyFlagged
    try:
        # A savepoint, so a double submit racing past the check above leaves this
        # transaction usable; the database constraint has the last word.
        with transaction.atomic():
            flag = Flag.objects.create(post=locked, flagger=flagger, reason=reason, detail=detail)
    except IntegrityError as error:
        raise AlreadyFlagged from error

    flags = list(open_flags(locked))
    if len({f.flagger_id for f in flags}) >= settings.ASKWELL_FLAGS_TO_HIDE:
        locked.state = Post.State.HIDDEN
        locked.save(update_fields=["state"])
        refresh_counters(locked.topic)
        audit.record(
            post=locked,
            moderator=None,
            action=ModerationEvent.Action.HIDE,
            reason=reasons_summary(flags),
        )
    flag.post = locked
    return flag


def _resolve_open_flags(post, *, moderator, resolution, when):
    return open_flags(post).update(resolved_at=when, resolved_by=moderator, resolution=resolution)


def _check_moderator(moderator):
    if not moderator.is_moderator():
        raise PermissionDenied


@transaction.atomic
def restore_post(*, post, moderator):
    """Publish a hidden post again and dismiss its open flags. A post that is not
    hidden is left as it is. Followers not yet told of it (it was hidden before they
    could be) are told now; those already told are not told twice."""
    _check_moderator(moderator)
    locked = _lock(post)
    if locked.state != Post.State.HIDDEN:
        return locked
    now = timezone.now()
    locked.state = Post.State.APPROVED
    locked.save(update_fields=["state"])
    refresh_counters(locked.topic)
    _resolve_open_flags(locked, moderator=moderator, resolution=Flag.Resolution.DISMISSED, when=now)
    audit.record(post=locked, moderator=moderator, action=ModerationEvent.Action.RESTORE, when=now)
    transaction.on_commit(lambda: notify_followers.enqueue(locked.pk))
    return locked


@transaction.atomic
def dismiss_flags(*, post, moderator):
    """Dismiss the open flags on a post that stays as it is. A hidden post needs a
    decision instead (restore_post or uphold_flags), and is left as it is."""
    _check_moderator(moderator)
    locked = _lock(post)
    if locked.state == Post.State.HIDDEN:
        return locked
    now = timezone.now()
    if _resolve_open_flags(
        locked, moderator=moderator, resolution=Flag.Resolution.DISMISSED, when=now
    ):
        audit.record(
            post=locked,
            moderator=moderator,
            action=ModerationEvent.Action.DISMISS_FLAGS,
            when=now,
        )
    return locked


@transaction.atomic
def hide_post(*, post, moderator):
    """
    A moderator takes a published post off the forum while they decide on it: it is
    hidden, like a post hidden after members' flags, until it is restored or rejected.
    Its open flags stay open. Posts in other states are left as they are.
    """
    _check_moderator(moderator)
    locked = _lock(post)
    if locked.state != Post.State.APPROVED:
        return locked
    now = timezone.now()
    locked.state = Post.State.HIDDEN
    locked.save(update_fields=["state"])
    refresh_counters(locked.topic)
    audit.record(
        post=locked,
        moderator=moderator,
        action=ModerationEvent.Action.HIDE,
        reason=reasons_summary(open_flags(locked)),
        when=now,
    )
    return locked


def reject_from_queue(*, post, moderator, reason="", canned_reason=None):
    """A moderator's "Reject" in the queue: a post waiting for review is rejected
    (services.reject_post); a published or hidden post has its flags upheld
    (uphold_flags). Either way it is not published and its author is told why.
    Returns the post."""
    if post.state == Post.State.PENDING:
        return services.reject_post(
            post=post, moderator=moderator, reason=reason, canned_reason=canned_reason
        )
    return uphold_flags(post=post, moderator=moderator, reason=reason, canned_reason=canned_reason)


@transaction.atomic
def uphold_flags(*, post, moderator, reason="", canned_reason=None):
    """
    Agree with the flags: the post (published or hidden) becomes not published, its
    open flags are upheld, and its author is told why by e-mail: the canned reason's
    text and/or the moderator's `reason`. Posts in other states are left as they are.
    """
    _check_moderator(moderator)
    reason = rejection_text(reason=reason, canned_reason=canned_reason)
    locked = _lock(post)
    if locked.state not in (Post.State.APPROVED, Post.State.HIDDEN):
        return locked
    now = timezone.now()
    locked.state = Post.State.REJECTED
    locked.rejection_reason = reason
    locked.reviewed_at = now
    locked.reviewed_by = moderator
    locked.save(update_fields=["state", "rejection_reason", "reviewed_at", "reviewed_by"])
    refresh_counters(locked.topic)
    _resolve_open_flags(locked, moderator=moderator, resolution=Flag.Resolution.UPHELD, when=now)
    audit.record(
        post=locked,
        moderator=moderator,
        action=ModerationEvent.Action.REJECT,
        reason=reason,
        details=rejection_details(canned_reason),
        when=now,
    )
    transaction.on_commit(lambda: send_rejection_notice.enqueue(locked.pk))
    return locked
