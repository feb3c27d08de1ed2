"""
What moderators work with: the audit trail of their decisions, the canned reasons
they reject posts with, the notes that correct a post, and the queue of posts
waiting for a decision (a proxy of Post for the admin).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from markup.fields import RenderedMarkupField

from .posts import Post
from .topics import Topic


class ModerationEvent(models.Model):
    """
    The audit trail: one row per moderation action (who, what, on which post, question
    or member, why, when). Rows are only ever added, by forum.audit.record; the admin
    shows them read-only, and they outlive what they are about (target keeps its name).
    """

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved a post")
        REJECT = "reject", _("Rejected a post")
        HIDE = "hide", _("Hid a post")
        RESTORE = "restore", _("Restored a post")
        DISMISS_FLAGS = "dismiss_flags", _("Dismissed flags")
        ADD_CORRECTION = "add_correction", _("Added a moderator's note")
        CHANGE_CORRECTION = "change_correction", _("Changed a moderator's note")
        LOCK = "lock", _("Locked a question")
        UNLOCK = "unlock", _("Unlocked a question")
        PIN = "pin", _("Pinned a question")
        UNPIN = "unpin", _("Unpinned a question")
        MOVE = "move", _("Moved a question")
        MERGE = "merge", _("Merged a question")
        HIDE_TOPIC = "hide_topic", _("Hid a question")
        RESTORE_TOPIC = "restore_topic", _("Restored a question")
        SUSPEND = "suspend", _("Suspended a member")
        UNSUSPEND = "unsuspend", _("Lifted a suspension")
        REVIEW_ALWAYS = "review_always", _("Set a member to always review")
        REVIEW_STANDARD = "review_standard", _("Set a member to review until trusted")
        VERIFY_PROFESSIONAL = "verify_professional", _("Verified a health professional")
        DECLINE_PROFESSIONAL = "decline_professional", _("Declined a professional application")
        ADD_MEMBER_NOTE = "add_member_note", _("Added a note on a member")
        CHANGE_REASON = "change_reason", _("Changed a canned reason")

    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_events",
        verbose_name=_("post"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_events",
        verbose_name=_("question"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_events",
        verbose_name=_("member"),
    )
    # Who `member` and `moderator` were once their account is deleted: a pseudonym
    # (never their username or e-mail address) shared by all of that person's rows,
    # so that moderators can still read a former member's history as one.
    member_pseudonym = models.CharField(_("former member"), max_length=40, blank=True)
    moderator_pseudonym = models.CharField(_("former moderator"), max_length=40, blank=True)
    # What the action was on, in words, as it was then.
    target = models.CharField(_("on"), max_length=255, blank=True)
    # None when the forum acted on its own (a post hidden by members' flags).
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=32, choices=Action)
    reason = models.TextField(_("reason"), blank=True)
    # Facts of the action (e.g. the category moved from and to, a suspension's end).
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation log")
        indexes = [
            models.Index(fields=["-created_at"], name="moderation_event_recent"),
            models.Index(fields=["action", "-created_at"], name="moderation_event_action"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target}"


class PendingPost(Post):
    """The moderation queue in the admin: posts waiting for review, oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("post waiting for review")
        verbose_name_plural = _("moderation queue")


class RejectionReason(models.Model):
    """A canned reason moderators pick when they reject a post; editable in the admin.
    Its text is e-mailed to the author (with the moderator's optional note)."""

    title = models.CharField(_("title"), max_length=80, unique=True)
    text = models.TextField(_("text for the author"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("canned reason")
        verbose_name_plural = _("canned reasons")

    def __str__(self):
        return self.title


class ModeratorNote(models.Model):
    """A moderator's visible correction on a post (usually one flagged as medical
    misinformation), with a source: a link or one of our articles."""

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, related_name="moderator_note", verbose_name=_("post")
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    text = models.TextField(_("correction (Markdown)"))
    text_html = RenderedMarkupField(_("correction (sanitized HTML)"), source="text")
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    source_article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source article"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("moderator's note")
        verbose_name_plural = _("moderator's notes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_url="") | Q(source_article__isnull=False),
                name="moderator_note_has_source",
            )
        ]

    def __str__(self):
        return _("Note on %(post)s") % {"post": self.post}
