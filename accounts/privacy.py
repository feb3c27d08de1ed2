"""
A member's rights over their account (GDPR articles 15, 17 and 20): the account's own
part of their data export, asking for deletion (with a grace period in which signing
in again cancels it) and the account's own part of carrying it out.

The site-wide export and deletion, which reach every app, are config.privacy's; they
call `export_account` and `delete_account` here.
"""

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DataExport, User, export_storage
from .sessions import end_sessions, mark_seen


def _iso(value):
    return value.isoformat() if value else None


@transaction.atomic
def request_deletion(*, member, mode, now=None):
    """
    Have `member`'s account deleted after ASKWELL_DELETION_GRACE_DAYS, their posts
    removed or kept as "Former member" by `mode` (User.DeletionMode), and sign them
    out on every device. Signing in again before then cancels it. Returns the member.
    """
    if mode not in User.DeletionMode.values:
        raise ValueError(f"Unknown deletion mode {mode!r}.")
    now = now or timezone.now()
    member.deletion_due_at = now + datetime.timedelta(days=settings.ASKWELL_DELETION_GRACE_DAYS)
    member.deletion_mode = mode
    member.save(update_fields=["deletion_due_at", "deletion_mode"])
    end_sessions(member=member)
    return member


@transaction.atomic
def cancel_deletion(*, member):
    """Keep `member`'s account after all. Returns the member."""
    member.deletion_due_at = None
    member.deletion_mode = ""
    member.save(update_fields=["deletion_due_at", "deletion_mode"])
    return member


def on_signed_in(sender, request, user, **kwargs):
    """
    Django's user_logged_in: a member who signs in again during the grace period
    keeps their account, and is told so. (The session's use is noted from now on:
    accounts.sessions.)
    """
    if request is not None and hasattr(request, "session"):
        mark_seen(request)
    if getattr(user, "deletion_due_at", None) is None:
        return
    cancel_deletion(member=user)
    if request is not None and hasattr(request, "_messages"):
        messages.info(
            request,
            _("Welcome back. You signed in again, so your account will not be deleted."),
        )


def members_due_for_deletion(now=None):
    """The accounts whose grace period has ended."""
    return User.objects.filter(deletion_due_at__lte=now or timezone.now())


def export_account(member):
    """The account's part of `member`'s export: what they told us and what we keep
    about the account, as JSON-ready data. Secrets (the password's hash, the
    authenticator's key, recovery codes) are left out; whether they are set is not."""
    return {
        "username": member.username,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=member).order_by("pk")
        ],
        "date_joined": _iso(member.date_joined),
        "last_login": _iso(member.last_login),
        "profile": {
            "bio_markdown": member.bio,
            "has_avatar": bool(member.avatar),
        },
        "notification_email": member.email_notifications,
        "notification_email_excerpts": member.email_excerpts,
        "follow_questions_replied_to": member.follow_replied_questions,
        "two_factor_authentication": sorted(
            Authenticator.objects.filter(user=member).values_list("type", flat=True)
        ),
        "standing": {
            "review_policy": member.review_policy,
            "suspended": member.is_suspended,
            "suspended_until": _iso(member.suspended_until),
            "suspension_reason": member.suspension_reason,
        },
        "professional": {
            "title": member.professional_title,
            "verified_until": _iso(member.professional_until),
            "applications": [
                {
                    "profession": application.profession,
                    "registration_body": application.registration_body,
                    "registration_number": application.registration_number,
                    "country": str(application.country),
                    "status": application.status,
                    "submitted_at": _iso(application.submitted_at),
                    "decided_at": _iso(application.decided_at),
                    "decision_note": application.decision_note,
                    "valid_until": _iso(application.valid_until),
                }
                for application in member.professional_applications.order_by("pk")
            ],
        },
        "sessions": [
            {
                "started_at": _iso(session.created_at),
                "last_used_at": _iso(session.last_seen_at),
                "ip_address": session.ip,
                "browser": session.user_agent,
            }
            for session in UserSession.objects.filter(user=member).order_by("pk")
        ],
    }


def _delete_files_after_commit(storage, names):
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def delete_account(*, member):
    """
    The account's part of deleting `member`: every session ends, and the account goes
    with all that hangs on it (e-mail addresses, authenticators, sessions, the
    professional applications, moderators' notes on them, data exports); the avatar
    and export files are deleted once the transaction commits. The apps above must
    have done their part first (config.privacy.delete_member).
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    end_sessions(member=member)
    exports = list(DataExport.objects.filter(member=member))
    _delete_files_after_commit(export_storage(), [export.file_name for export in exports])
    if member.avatar:
        _delete_files_after_commit(member.avatar.storage, [member.avatar.name])
    member.delete()
