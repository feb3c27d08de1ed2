"""
Moderators' decisions on posts: approve one waiting for review, as written or
after editing it; reject one (waiting
for review, or published or hidden when upholding members' flags) with a reason the
author is e-mailed; hide a published one while deciding; restore a hidden one;
dismiss the flags on one that stays as it is. Also the canned reasons for rejecting.

Each goes through forum.lifecycle, which keeps counters, flags, the moderation log
and followers' notifications; each raises Refused when it no longer applies (another
moderator decided first, say), changing nothing.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum import audit, editing, lifecycle
from forum.errors import Refused
from forum.flags import open_flags, reasons_summary
from forum.models import Flag, ModerationEvent

from .authority import check_moderator
from .tasks import send_rejection_notice


@transaction.atomic
def approve_post(*, post, moderator):
    """Publish a post waiting for review. Returns it."""
    check_moderator(moderator)
    return lifecycle.change_state(post, lifecycle.APPROVE, actor=moderator)


@transaction.atomic
def edit_and_approve_post(*, post, moderator, body, title=None):
    """
    Publish a post waiting for review after the moderator has changed its text (taken
    out a phone number, say). The author's version is kept as a revision by the
    moderator, and the log's approval says that it was edited and which revision
    holds the author's words. An unchanged text is a plain approval. Returns the post.
    """
    check_moderator(moderator)
    locked = lifecycle.lock(post)
    if not lifecycle.APPROVE.applies_to(locked):
        raise Refused(lifecycle.APPROVE.refusal, code=lifecycle.APPROVE.refusal_code)
    if not body.strip():
        raise Refused(_("The post cannot be empty: reject it instead."), code="empty")
    revision = editing.replace_text(locked, editor=moderator, body=body, title=title)
    details = None
    if revision is not None:
        details = {"edited_by_moderator": True, "revision": revision.pk}
    return lifecycle.change_state(locked, lifecycle.APPROVE, actor=moderator, details=details)


def rejection_text(*, reason="", canned_reason=None):
    """What the author of a rejected post is told: the canned reason's text, then the
    moderator's own words. Refused when both are empty."""
    parts = [canned_reason.text.strip() if canned_reason is not None else "", reason.strip()]
    text = "\n\n".join(part for part in parts if part)
    if not text:
        raise Refused(
            _("Choose a canned reason or write a note: the author is told why by e-mail."),
            code="reason_required",
        )
    return text


@transaction.atomic
def reject_post(*, post, moderator, reason="", canned_reason=None):
    """
    Do not publish `post`: one waiting for review, or (upholding members' flags) one
    published or hidden. Its open flags are upheld, and its author is e-mailed why: the
    canned reason's text and/or the moderator's `reason`. Returns the post.
    """
    check_moderator(moderator)
    text = rejection_text(reason=reason, canned_reason=canned_reason)
    rejected = lifecycle.change_state(
        post,
        lifecycle.REJECT,
        actor=moderator,
        reason=text,
        details={"canned_reason": canned_reason.title} if canned_reason is not None else None,
    )
    transaction.on_commit(lambda: send_rejection_notice.enqueue(rejected.pk))
    return rejected


@transaction.atomic
def hide_post(*, post, moderator):
    """
    Take a published post off the forum while deciding on it: hidden, like a post
    hidden after members' flags, until it is restored or rejected. Its open flags stay
    open. Returns the post.
    """
    check_moderator(moderator)
    return lifecycle.change_state(
        post, lifecycle.HIDE, actor=moderator, reason=reasons_summary(open_flags(post))
    )


@transaction.atomic
def restore_post(*, post, moderator):
    """Publish a hidden post again and dismiss its open flags. Followers not yet told
    of it (it was hidden before they could be) are told now; those already told are
    not told twice. Returns the post."""
    check_moderator(moderator)
    return lifecycle.change_state(post, lifecycle.RESTORE, actor=moderator)


@transaction.atomic
def dismiss_flags(*, post, moderator):
    """Dismiss the open flags on a post that stays as it is. A hidden post needs a
    decision instead (restore or reject). Returns the post."""
    check_moderator(moderator)
    locked = lifecycle.lock(post)
    if locked.state == locked.State.HIDDEN:
        raise Refused(_("This post is hidden: restore it or reject it instead."), code="hidden")
    if not dismiss_open_flags(locked, moderator=moderator):
        raise Refused(_("This post has no open flags."), code="no_open_flags")
    return locked


def dismiss_open_flags(post, *, moderator):
    """Dismiss whatever flags are open on `post` (locked by the caller), logged if
    there were any. Returns how many."""
    now = timezone.now()
    dismissed = open_flags(post).update(
        resolved_at=now, resolved_by=moderator, resolution=Flag.Resolution.DISMISSED
    )
    if dismissed:
        audit.record(
            post=post, moderator=moderator, action=ModerationEvent.Action.DISMISS_FLAGS, when=now
        )
    return dismissed


@transaction.atomic
def save_rejection_reason(*, moderator, rejection_reason, changed_fields=()):
    """Add or change a canned reason for rejecting posts (the admin's form has set
    its fields), recorded in the moderation log. Returns it."""
    check_moderator(moderator)
    created = rejection_reason.pk is None
    rejection_reason.save()
    audit.record(
        moderator=moderator,
        action=ModerationEvent.Action.CHANGE_REASON,
        reason=rejection_reason.text,
        details={
            "canned_reason": rejection_reason.title,
            "added": created,
            "changed": sorted(changed_fields),
            "offered": rejection_reason.is_active,
        },
    )
    return rejection_reason
