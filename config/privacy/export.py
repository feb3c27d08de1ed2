"""
A member's data export (GDPR articles 15 and 20): one zip file holding `askwell.json`,
everything that is theirs as JSON, and a short README.txt that describes it (its
schema is in README_TEXT below), plus their avatar when they have one. Other members
appear in it only by the name the site shows them under.

A member asks for it from their settings; the task worker builds it
(tasks.build_data_export) and it can be downloaded, by them alone, for
ASKWELL_EXPORT_HOURS; then `manage.py purge_old_data` deletes it.
"""

import datetime
import io
import json
import secrets
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts import privacy as account_privacy
from accounts.models import DataExport, export_storage
from forum import privacy as forum_privacy

SCHEMA_VERSION = 1
JSON_NAME = "askwell.json"

README_TEXT = """\
Your data from Askwell
======================

askwell.json holds everything Askwell keeps that is yours, as JSON (UTF-8):

- "schema_version", "generated_at", "site": what this file is.
- "account": your username, e-mail addresses, when you joined and last signed in,
  your profile (bio in Markdown, whether you have an avatar), how you chose to be
  e-mailed, whether two-factor authentication is on (never its secrets), your
  standing (review, suspension and the moderators' reason), your professional
  badge and applications, and your signed-in sessions (device, address, times).
- "forum": every post you wrote, in every state ("pending", "approved",
  "rejected", "hidden", "removed") with its Markdown, its question, whether it was
  anonymous, its dates, helpful marks and earlier versions; the helpful marks you
  gave; the questions and categories you follow; the flags you raised; your drafts;
  your notifications.

Other members appear only by the name the site shows for them (a username,
"Anonymous member" or "Former member"). Times are ISO 8601 in UTC.
avatar.jpg, when present, is your avatar as Askwell stores it.
"""


def build_export_data(member, now=None):
    """Everything that is `member`'s, as JSON-ready data (see README_TEXT)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": (now or timezone.now()).isoformat(),
        "site": settings.SITE_URL,
        "account": account_privacy.export_account(member),
        "forum": forum_privacy.export_member(member),
    }


def build_export_zip(member, now=None):
    """The export file's bytes: README.txt, askwell.json and the avatar, if any."""
    data = build_export_data(member, now=now)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README_TEXT)
        archive.writestr(JSON_NAME, json.dumps(data, ensure_ascii=False, indent=2))
        if member.avatar:
            with member.avatar.open("rb") as avatar:
                archive.writestr("avatar.jpg", avatar.read())
    return out.getvalue()


def build_export(*, export_id, now=None):
    """Build the file of a pending export and offer it for ASKWELL_EXPORT_HOURS; an
    export that fails is marked so, and the error raised for the worker to log.
    Returns the export, or None if there is none waiting."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            export = (
                DataExport.objects.select_for_update()
                .select_related("member")
                .filter(pk=export_id, status=DataExport.Status.PENDING)
                .first()
            )
            if export is None:
                return None
            content = build_export_zip(export.member, now=now)
            export.file_name = export_storage().save(
                f"exports/{secrets.token_hex(16)}.zip", ContentFile(content)
            )
            export.status = DataExport.Status.READY
            export.ready_at = now
            export.expires_at = now + datetime.timedelta(hours=settings.ASKWELL_EXPORT_HOURS)
            export.save(update_fields=["file_name", "status", "ready_at", "expires_at"])
            return export
    except Exception:
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
            status=DataExport.Status.FAILED
        )
        raise


def purge_expired_exports(now=None):
    """Delete exports past their time (and their files). Returns how many."""
    now = now or timezone.now()
    expired = list(
        DataExport.objects.filter(expires_at__lte=now)
        | DataExport.objects.filter(
            status=DataExport.Status.FAILED,
            requested_at__lte=now - datetime.timedelta(hours=settings.ASKWELL_EXPORT_HOURS),
        )
    )
    for export in expired:
        export.delete_file()
        export.delete()
    return len(expired)
