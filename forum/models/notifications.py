"""Following questions and categories, and the notifications followers receive."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .posts import Post
from .topics import Category, Topic


class TopicSubscription(models.Model):
    """A member following a question: told of its new replies."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="topic_subscriptions",
        verbose_name=_("member"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("question")
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("followed question")
        verbose_name_plural = _("followed questions")
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="follow_question_once")
        ]

    def __str__(self):
        return f"{self.member} → {self.topic}"


class CategorySubscription(models.Model):
    """A member following a category: told of its new questions."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="category_subscriptions",
        verbose_name=_("member"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("category"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("followed category")
        verbose_name_plural = _("followed categories")
        constraints = [
            models.UniqueConstraint(fields=["member", "category"], name="follow_category_once")
        ]

    def __str__(self):
        return f"{self.member} → {self.category}"


class Notification(models.Model):
    """Telling a member of a post: one in a question or category they follow, one that
    mentions them, or their own post published after review. In the site, and by e-mail
    per their setting. One per member per post."""

    class Reason(models.TextChoices):
        REPLY = "reply", _("New reply to a question you follow")
        YOUR_QUESTION = "your_question", _("New reply to your question")
        QUESTION = "question", _("New question in a category you follow")
        MENTION = "mention", _("You were mentioned")
        PUBLISHED = "published", _("Your post was published")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("post")
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When it went out by e-mail, at once or in a digest; None if not (yet) sent.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "post"], name="notify_once_per_post")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
            models.Index(fields=["emailed_at", "created_at"], name="notification_email_due"),
            # The list, newest first, a page at a time by id (keyset pagination).
            models.Index(fields=["recipient", "-id"], name="notification_list"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.get_reason_display()}"
