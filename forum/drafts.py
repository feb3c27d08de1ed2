"""
Drafts: what a member is writing in the ask form or a question's reply form, kept on
the server so it comes back on any device until they post or discard it. A member's
drafts are theirs alone: every function here is keyed by the author.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Draft


def _lookup(author, topic):
    return {"author": author, "topic": topic}


def save_draft(*, author, topic=None, title="", body="", category=None, article=None):
    """Keep the member's text for this question (or for their next question). An empty
    draft is discarded instead; returns the draft, or None then."""
    if not (title.strip() or body.strip()):
        discard_draft(author=author, topic=topic)
        return None
    draft, _ = Draft.objects.update_or_create(
        **_lookup(author, topic),
        defaults={
            "title": title if topic is None else "",
            "body": body,
            "category": category if topic is None else None,
            "article": article if topic is None else None,
            "updated_at": timezone.now(),
        },
    )
    return draft


def get_draft(*, author, topic=None):
    if not author.is_authenticated:
        return None
    return Draft.objects.filter(**_lookup(author, topic)).first()


def discard_draft(*, author, topic=None):
    if author.is_authenticated:
        Draft.objects.filter(**_lookup(author, topic)).delete()


def ask_initial(draft):
    """The ask form's initial values from a question draft."""
    if draft is None:
        return {}
    return {
        "title": draft.title,
        "category": str(draft.category_id) if draft.category_id else "",
        "body": draft.body,
    }


def reply_initial(user, topic):
    """The reply form's initial text: the member's saved draft for this question."""
    draft = get_draft(author=user, topic=topic)
    return {"body": draft.body} if draft else {}


def purge_drafts(*, now=None):
    """Delete drafts untouched for ASKWELL_DRAFT_RETENTION_DAYS. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ASKWELL_DRAFT_RETENTION_DAYS)
    deleted, _ = Draft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
