"""
Moderators' decisions on members: suspending (for a time or until lifted, with a
reason the member is shown and e-mailed), lifting a suspension, the review policy,
and notes only moderators read. Every function checks the moderator's authority and
writes the change and its entry in the moderation log together.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberNote, User
from accounts.services import lock_member
from forum import audit
from forum.errors import Refused
from forum.models import ModerationEvent

from .authority import check_may_moderate_member, check_moderator
from .tasks import send_suspension_notice


@transaction.atomic
def suspend_member(*, moderator, member, until, reason):
    """
    Suspend `member` until `until` (an aware datetime still to come) or, when `until` is
    None, until a moderator lifts it. A suspended member can read but not post; they
    are shown the reason and the end of the suspension. A suspension that has ended
    needs no one to lift it.
    """
    check_may_moderate_member(moderator=moderator, member=member)
    reason = reason.strip()
    if not reason:
        raise Refused(_("Give the member a reason; they are shown it."), code="reason_required")
    now = timezone.now()
    if until is not None and until <= now:
        raise Refused(_("A suspension must end in the future."), code="end_in_past")
    locked = lock_member(member)
    locked.is_suspended = True
    locked.suspended_until = until
    locked.suspension_reason = reason
    locked.save(update_fields=["is_suspended", "suspended_until", "suspension_reason"])
    audit.record(
        moderator=moderator,
        member=locked,
        action=ModerationEvent.Action.SUSPEND,
        reason=reason,
        details={"until": until.isoformat() if until else "indefinitely"},
        when=now,
    )
    transaction.on_commit(lambda: send_suspension_notice.enqueue(locked.pk))
    return locked


@transaction.atomic
def lift_suspension(*, moderator, member):
    """End `member`'s suspension now. A member who is not suspended is left as they are."""
    check_may_moderate_member(moderator=moderator, member=member)
    locked = lock_member(member)
    if not locked.is_suspended:
        return locked
    was_current = locked.is_currently_suspended()
    locked.is_suspended = False
    locked.suspended_until = None
    locked.suspension_reason = ""
    locked.save(update_fields=["is_suspended", "suspended_until", "suspension_reason"])
    if was_current:
        audit.record(moderator=moderator, member=locked, action=ModerationEvent.Action.UNSUSPEND)
    return locked


@transaction.atomic
def set_review_policy(*, moderator, member, policy):
    """Put `member` on "always review" or back on "review until trusted"."""
    check_may_moderate_member(moderator=moderator, member=member)
    policy = User.ReviewPolicy(policy)
    locked = lock_member(member)
    if locked.review_policy == policy:
        return locked
    locked.review_policy = policy
    locked.save(update_fields=["review_policy"])
    audit.record(
        moderator=moderator,
        member=locked,
        action=(
            ModerationEvent.Action.REVIEW_ALWAYS
            if policy == User.ReviewPolicy.ALWAYS
            else ModerationEvent.Action.REVIEW_STANDARD
        ),
    )
    return locked


@transaction.atomic
def add_member_note(*, moderator, member, text):
    """Keep a note on `member` for moderators only. Returns the note."""
    check_moderator(moderator)
    text = text.strip()
    if not text:
        raise Refused(_("A note needs some text."), code="empty_note")
    note = MemberNote.objects.create(member=member, author=moderator, text=text)
    audit.record(
        moderator=moderator,
        member=member,
        action=ModerationEvent.Action.ADD_MEMBER_NOTE,
        details={"note": note.pk},
        when=note.created_at,
    )
    return note
