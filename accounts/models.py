from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """
    A member. `username` is the public pseudonym; the e-mail address is private and
    real names are not collected at all.
    """

    class ReviewPolicy(models.TextChoices):
        STANDARD = "standard", _("Review until trusted")
        ALWAYS = "always", _("Always review")

    class PostingRestriction(models.TextChoices):
        SUSPENDED = "suspended", _("suspended")
        UNVERIFIED = "unverified", _("e-mail address not verified")

    class EmailNotifications(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        DAILY = "daily", _("Once a day, in a digest")
        NEVER = "never", _("Never: only in the site")

    first_name = None
    last_name = None
    review_policy = models.CharField(
        _("review policy"),
        max_length=16,
        choices=ReviewPolicy,
        default=ReviewPolicy.STANDARD,
        help_text=_(
            "“Review until trusted”: posts wait for a moderator until enough of them "
            "have been approved. “Always review”: every post waits for a moderator."
        ),
    )
    is_suspended = models.BooleanField(
        _("suspended"),
        default=False,
        help_text=_("A suspended member can still sign in and read, but cannot post."),
    )

    email_notifications = models.CharField(
        _("e-mail about followed questions"),
        max_length=16,
        choices=EmailNotifications,
        default=EmailNotifications.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.username

    def has_verified_email(self):
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(user=self, verified=True).exists()

    def posting_restriction(self):
        """Why this member may not post right now, or None if they may."""
        if self.is_suspended:
            return self.PostingRestriction.SUSPENDED
        if not self.has_verified_email():
            return self.PostingRestriction.UNVERIFIED
        return None

    def is_moderator(self):
        """Moderators are staff accounts with the forum's moderation permission."""
        return self.is_active and self.is_staff and self.has_perm("forum.moderate_post")


class Member(User):
    """A member's standing, as moderators see and change it in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("member standing")
        verbose_name_plural = _("member standing")
