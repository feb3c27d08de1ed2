from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from forum import audit
from forum.models import ModerationEvent

from .countries import COUNTRY_CODES
from .models import MemberNote, ProfessionalApplication, User
from .tasks import send_professional_decision, send_suspension_notice

MODERATORS_GROUP = "Moderators"


@transaction.atomic
def grant_moderator(*, user):
    """Make `user` a moderator: a staff account in the Moderators group, never a superuser."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


@transaction.atomic
def revoke_moderator(*, user):
    user.groups.remove(Group.objects.get(name=MODERATORS_GROUP))
    if not user.is_superuser and not user.groups.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return user


# Moderating members -------------------------------------------------------------------
# Every function here is one moderation action: the moderator's authority is checked,
# the change and its entry in the moderation log (forum.audit) are written together.


class ApplicationPending(Exception):
    """The member already has a professional application waiting for a moderator."""


def _check_moderator(moderator):
    if not (moderator.is_authenticated and moderator.is_moderator()):
        raise PermissionDenied


def _check_may_moderate(*, moderator, member):
    """Moderators act on members' standing, never on their own or on staff accounts."""
    _check_moderator(moderator)
    if member.pk == moderator.pk or member.is_staff or member.is_superuser:
        raise PermissionDenied


def _lock_member(member):
    return User.objects.select_for_update().get(pk=member.pk)


@transaction.atomic
def suspend_member(*, moderator, member, until, reason):
    """
    Suspend `member` until `until` (an aware datetime still to come) or, when `until` is
    None, until a moderator lifts it. A suspended member can read but not post; they
    are shown the reason and the end of the suspension. A suspension that has ended
    needs no one to lift it.
    """
    _check_may_moderate(moderator=moderator, member=member)
    reason = reason.strip()
    if not reason:
        raise ValueError("A suspension needs a reason for the member.")
    now = timezone.now()
    if until is not None and until <= now:
        raise ValueError("A suspension must end in the future.")
    locked = _lock_member(member)
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
    _check_may_moderate(moderator=moderator, member=member)
    locked = _lock_member(member)
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
    _check_may_moderate(moderator=moderator, member=member)
    policy = User.ReviewPolicy(policy)
    locked = _lock_member(member)
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
    _check_moderator(moderator)
    text = text.strip()
    if not text:
        raise ValueError("A note needs some text.")
    note = MemberNote.objects.create(member=member, author=moderator, text=text)
    audit.record(
        moderator=moderator,
        member=member,
        action=ModerationEvent.Action.ADD_MEMBER_NOTE,
        details={"note": note.pk},
        when=note.created_at,
    )
    return note


# Verified health professionals --------------------------------------------------------


def may_apply_as_professional(member):
    """Members in good standing (e-mail confirmed, not suspended) may apply."""
    return member.is_authenticated and member.is_active and member.posting_restriction() is None


@transaction.atomic
def submit_professional_application(
    *, member, profession, registration_body, registration_number, country
):
    """
    Ask the moderators to show `member` as a verified health professional. One
    application waits at a time (ApplicationPending otherwise); applying again after
    an approval renews it, after a decline tries again.
    """
    if not may_apply_as_professional(member):
        raise PermissionDenied
    if country not in COUNTRY_CODES:
        raise ValueError(f"Unknown country code {country!r}.")
    # Lock the member so that two submissions at once cannot both pass the check.
    _lock_member(member)
    pending = ProfessionalApplication.Status.PENDING
    if ProfessionalApplication.objects.filter(member=member, status=pending).exists():
        raise ApplicationPending
    try:
        with transaction.atomic():
            return ProfessionalApplication.objects.create(
                member=member,
                profession=profession.strip(),
                registration_body=registration_body.strip(),
                registration_number=registration_number.strip(),
                country=country,
            )
    except IntegrityError as error:
        raise ApplicationPending from error


def _lock_pending_application(application):
    locked = (
        ProfessionalApplication.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=application.pk)
    )
    return locked if locked.status == ProfessionalApplication.Status.PENDING else None


def default_verification_end():
    return timezone.localdate() + timedelta(days=settings.ASKWELL_PROFESSIONAL_VERIFICATION_DAYS)


@transaction.atomic
def approve_professional_application(*, moderator, application, valid_until=None):
    """
    Verify the applicant as a health professional until `valid_until` (by default
    settings.ASKWELL_PROFESSIONAL_VERIFICATION_DAYS from today): their name carries
    the badge until then. The member is told by e-mail. An application already decided
    is left as it is.
    """
    _check_moderator(moderator)
    valid_until = valid_until or default_verification_end()
    if valid_until <= timezone.localdate():
        raise ValueError("A verification must last beyond today.")
    locked = _lock_pending_application(application)
    if locked is None:
        return application
    now = timezone.now()
    locked.status = ProfessionalApplication.Status.APPROVED
    locked.decided_at = now
    locked.decided_by = moderator
    locked.valid_until = valid_until
    locked.save(update_fields=["status", "decided_at", "decided_by", "valid_until"])
    member = _lock_member(locked.member)
    member.professional_title = locked.profession
    member.professional_until = valid_until
    member.save(update_fields=["professional_title", "professional_until"])
    locked.member = member
    audit.record(
        moderator=moderator,
        member=member,
        action=ModerationEvent.Action.VERIFY_PROFESSIONAL,
        details={"profession": locked.profession, "valid_until": valid_until.isoformat()},
        when=now,
    )
    transaction.on_commit(lambda: send_professional_decision.enqueue(locked.pk))
    return locked


@transaction.atomic
def decline_professional_application(*, moderator, application, note):
    """Decline an application with a note the member receives by e-mail. A badge
    from an earlier approval stays until it lapses."""
    _check_moderator(moderator)
    note = note.strip()
    if not note:
        raise ValueError("Declining needs a note for the member.")
    locked = _lock_pending_application(application)
    if locked is None:
        return application
    now = timezone.now()
    locked.status = ProfessionalApplication.Status.DECLINED
    locked.decided_at = now
    locked.decided_by = moderator
    locked.decision_note = note
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    audit.record(
        moderator=moderator,
        member=locked.member,
        action=ModerationEvent.Action.DECLINE_PROFESSIONAL,
        reason=note,
        details={"profession": locked.profession},
        when=now,
    )
    transaction.on_commit(lambda: send_professional_decision.enqueue(locked.pk))
    return locked
