"""
Corrections, not only deletions: a moderator's note shown under a published post
(usually one flagged as medical misinformation) with a correction and its source, a
link or one of our articles. Adding or changing the note answers the open flags on
the post, which are dismissed: the post was corrected instead of hidden.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum import audit, lifecycle, pagecache
from forum.errors import Refused
from forum.models import ModerationEvent, ModeratorNote, Post
from markup.render import render_markdown

from .authority import check_moderator
from .posts import dismiss_open_flags

TEXT_MAX_LENGTH = 5000
URL_MAX_LENGTH = ModeratorNote._meta.get_field("source_url").max_length

_validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Give a web address that starts with http:// or https://."),
    code="invalid_url",
)


def may_have_note(post):
    """Notes go under published posts only."""
    return post.state == Post.State.APPROVED


def validate_note(*, text, source_url="", source_article=None):
    """Check a note before it is saved: returns the cleaned text and link, or raises
    ValidationError with an error for each field at fault."""
    text = (text or "").strip()
    source_url = (source_url or "").strip()
    errors = {}
    if not text:
        errors["text"] = ValidationError(
            _("Write the correction members will read under the post."), code="required"
        )
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = ValidationError(
            _("Keep the note under %(max)d characters."),
            code="max_length",
            params={"max": TEXT_MAX_LENGTH},
        )
    if source_url:
        if len(source_url) > URL_MAX_LENGTH:
            errors["source_url"] = ValidationError(
                _("That address is too long (at most %(max)d characters)."),
                code="max_length",
                params={"max": URL_MAX_LENGTH},
            )
        else:
            try:
                _validate_web_url(source_url)
            except ValidationError as error:
                errors["source_url"] = error
    elif source_article is None:
        errors["source_url"] = ValidationError(
            _("Give a source: a link, or one of our articles."), code="source_required"
        )
    if errors:
        raise ValidationError(errors)
    return text, source_url


@transaction.atomic
def add_or_change_note(*, moderator, post, text, source_url="", source_article=None):
    """
    Put a moderator's note (a correction with its source) under a published post, or
    change the one there. The Markdown is rendered through the one markup pipeline.
    The post's open flags are dismissed, as it was corrected instead of hidden.
    Recorded in the moderation log. Raises ValidationError for a note without text
    or source, Refused for anyone but a moderator or a post that is not published.
    Returns the note.
    """
    check_moderator(moderator)
    text, source_url = validate_note(
        text=text, source_url=source_url, source_article=source_article
    )
    locked = lifecycle.lock(post)
    if not may_have_note(locked):
        raise Refused(
            _("A moderator's note can only go under a published post."), code="not_published"
        )
    now = timezone.now()
    note = ModeratorNote.objects.filter(post=locked).first()
    action = ModerationEvent.Action.CHANGE_CORRECTION
    if note is None:
        note = ModeratorNote(post=locked, created_at=now)
        action = ModerationEvent.Action.ADD_CORRECTION
    note.moderator = moderator
    note.text = text
    note.text_html = render_markdown(text)
    note.source_url = source_url
    note.source_article = source_article
    note.updated_at = now
    note.save()
    pagecache.topic_changed(locked.topic_id)
    audit.record(
        post=locked,
        moderator=moderator,
        action=action,
        reason=text,
        details={
            "source_url": source_url,
            "source_article": source_article.slug if source_article is not None else "",
        },
        when=now,
    )
    dismiss_open_flags(locked, moderator=moderator)
    return note
