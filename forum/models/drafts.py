"""Drafts: what a member is writing, kept on the server until posted or discarded."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .topics import Category, Topic


class Draft(models.Model):
    """What a member is writing in the ask form (topic None) or a question's reply
    form, saved as they type so it comes back on any device."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("author"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("question replied to"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=150, blank=True)
    body = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("saved"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "topic"],
                condition=Q(topic__isnull=False),
                name="one_reply_draft_per_question",
            ),
            models.UniqueConstraint(
                fields=["author"],
                condition=Q(topic__isnull=True),
                name="one_question_draft_per_member",
            ),
        ]

    def __str__(self):
        return f"{self.author}: {self.title or self.topic or ''}"
