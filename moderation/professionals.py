"""
Verified health professionals: a moderator checks an applicant's registration, then
approves (the badge shows beside their name until a date) or declines with a note.
The member is e-mailed either way.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ProfessionalApplication
from accounts.services import lock_member
from forum import audit
from forum.errors import Refused
from forum.models import ModerationEvent

from .authority import check_moderator
from .tasks import send_professional_decision


def _lock_pending_application(application):
    locked = (
        ProfessionalApplication.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=application.pk)
    )
    if locked.status != ProfessionalApplication.Status.PENDING:
        raise Refused(_("This application was already decided."), code="decided")
    return locked


def default_verification_end():
    return timezone.localdate() + timedelta(days=settings.ASKWELL_PROFESSIONAL_VERIFICATION_DAYS)


@transaction.atomic
def approve_professional_application(*, moderator, application, valid_until=None):
    """
    Verify the applicant as a health professional until `valid_until` (by default
    settings.ASKWELL_PROFESSIONAL_VERIFICATION_DAYS from today): their name carries
    the badge until then. The member is told by e-mail. An application already decided
    is refused.
    """
    check_moderator(moderator)
    valid_until = valid_until or default_verification_end()
    if valid_until <= timezone.localdate():
        raise Refused(_("A verification must last beyond today."), code="end_in_past")
    locked = _lock_pending_application(application)
    now = timezone.now()
    locked.status = ProfessionalApplication.Status.APPROVED
    locked.decided_at = now
    locked.decided_by = moderator
    locked.valid_until = valid_until
    locked.save(update_fields=["status", "decided_at", "decided_by", "valid_until"])
    member = lock_member(locked.member)
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
    from an earlier approval stays until it lapses. An application already
    decided is refused."""
    check_moderator(moderator)
    note = note.strip()
    if not note:
        raise Refused(
            _("Tell the member why; they receive the note by e-mail."), code="note_required"
        )
    locked = _lock_pending_application(application)
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
