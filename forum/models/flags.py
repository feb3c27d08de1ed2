"""Flags: members telling moderators that a post is a problem."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .posts import Post


class Flag(models.Model):
    """A member telling moderators that a post is a problem."""

    class Reason(models.TextChoices):
        MISINFORMATION = "misinformation", _("Medical misinformation")
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Rude or abusive")
        PERSONAL_INFO = "personal_info", _("Shares personal information")
        OTHER = "other", _("Something else")

    class Resolution(models.TextChoices):
        UPHELD = "upheld", _("Upheld: the post stays hidden or was not published")
        DISMISSED = "dismissed", _("Dismissed: the post is fine")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="flags", verbose_name=_("post")
    )
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("flagged by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    detail = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution = models.CharField(_("resolution"), max_length=16, choices=Resolution, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagger"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_flag_per_member",
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(detail=""),
                name="flag_other_has_detail",
            ),
        ]
        indexes = [models.Index(fields=["post", "resolved_at"], name="flag_post_open")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.post}"
