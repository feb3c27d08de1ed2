import zlib

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from markup.fields import RenderedMarkupField

from .usernames import stored_skeleton

BIO_MAX_LENGTH = 500
# Generated avatars take one of this many colours (site.css: .avatar--hue-N).
AVATAR_HUES = 8


def avatar_path(instance, filename):
    """Avatars are stored under a random name: a file name says nothing of whose it
    is (accounts.avatars chooses it)."""
    return f"avatars/{filename}"


class UserManager(DjangoUserManager):
    """Django's, keeping each new account's username skeleton (accounts.usernames), as
    createsuperuser and create_user make accounts."""

    def _create_user_object(self, username, email, password, **extra_fields):
        user = super()._create_user_object(username, email, password, **extra_fields)
        user.username_skeleton = stored_skeleton(user.username)
        return user


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

    class DeletionMode(models.TextChoices):
        REMOVE_POSTS = "remove_posts", _("Remove everything I wrote")
        KEEP_POSTS = "keep_posts", _("Keep my posts, signed “Former member”")

    first_name = None
    last_name = None
    # How the username looks (accounts.usernames.skeleton): a new username may not look
    # like an existing one. Set wherever a username is: see accounts.usernames.
    username_skeleton = models.CharField(
        _("how the username looks"), max_length=300, db_index=True, editable=False, default=""
    )
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

    # A suspension lasts until suspended_until, or until lifted when that is empty.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True)
    # Set from an approved ProfessionalApplication: the badge shown beside the name,
    # until the date it lapses unless renewed.
    professional_title = models.CharField(_("verified profession"), max_length=100, blank=True)
    professional_until = models.DateField(_("verified until"), null=True, blank=True)
    email_notifications = models.CharField(
        _("e-mail about followed questions"),
        max_length=16,
        choices=EmailNotifications,
        default=EmailNotifications.IMMEDIATE,
    )
    # Off by default: e-mail is read on lock screens and shared computers, so it names
    # what happened, not what anyone wrote, unless the member asks for excerpts.
    email_excerpts = models.BooleanField(_("include excerpts in e-mail"), default=False)
    follow_replied_questions = models.BooleanField(_("follow questions I reply to"), default=True)

    # The public profile (accounts.profile): a short bio in Markdown, rendered by the
    # one markup pipeline, and an avatar re-encoded by accounts.avatars.
    bio = models.TextField(_("about you"), max_length=BIO_MAX_LENGTH, blank=True)
    bio_html = RenderedMarkupField(_("about you (sanitized HTML)"), source="bio", blank=True)
    avatar = models.FileField(_("avatar"), upload_to=avatar_path, blank=True)
    # A deletion the member asked for: carried out at deletion_due_at, unless they
    # sign in again before then (accounts.privacy).
    deletion_due_at = models.DateTimeField(_("to be deleted on"), null=True, blank=True)
    deletion_mode = models.CharField(
        _("what becomes of their posts"), max_length=16, choices=DeletionMode, blank=True
    )
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deletion_due_at__isnull=True, deletion_mode="")
                | (models.Q(deletion_due_at__isnull=False) & ~models.Q(deletion_mode="")),
                name="deletion_has_mode",
            )
        ]

    def __str__(self):
        return self.username

    @property
    def initials(self):
        """What a generated avatar shows: the pseudonym's first two letters or digits."""
        return "".join(c for c in self.username if c.isalnum())[:2].upper() or "?"

    @property
    def avatar_hue(self):
        """A generated avatar's colour, the same for a member on every page."""
        return zlib.crc32(self.username.encode()) % AVATAR_HUES

    @property
    def is_leaving(self):
        """The member asked for their account to be deleted and has not come back."""
        return self.deletion_due_at is not None

    def has_verified_email(self):
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(user=self, verified=True).exists()

    def is_currently_suspended(self, now=None):
        """Suspended now: indefinitely, or until a time still to come."""
        if not self.is_suspended:
            return False
        return self.suspended_until is None or self.suspended_until > (now or timezone.now())

    @staticmethod
    def suspended_now(now):
        """The members suspended at `now`, as a filter (is_currently_suspended, in SQL)."""
        return models.Q(is_suspended=True) & (
            models.Q(suspended_until__isnull=True) | models.Q(suspended_until__gt=now)
        )

    @property
    def is_verified_professional(self):
        """Shown with a badge beside the name until the verification lapses."""
        return bool(
            self.professional_title
            and self.professional_until
            and self.professional_until >= timezone.localdate()
        )

    def posting_restriction(self, *, has_verified_email=None):
        """Why this member may not post right now, or None if they may;
        `has_verified_email` when the caller has read it already."""
        if self.is_currently_suspended():
            return self.PostingRestriction.SUSPENDED
        if has_verified_email is None:
            has_verified_email = self.has_verified_email()
        if not has_verified_email:
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


class ProfessionalApplication(models.Model):
    """A member asking to be shown as a verified health professional. A moderator
    checks the registration and approves (until a date) or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    member = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="professional_applications",
        verbose_name=_("member"),
    )
    profession = models.CharField(_("profession"), max_length=100)
    registration_body = models.CharField(_("registration body"), max_length=150)
    registration_number = models.CharField(_("registration number"), max_length=60)
    country = CountryField(_("country"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("note to the member"), blank=True)
    valid_until = models.DateField(_("verified until"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("professional application")
        verbose_name_plural = _("professional applications")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status="pending"),
                name="one_pending_professional_application",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(valid_until__isnull=False),
                name="approved_application_has_end",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.profession}"


class MemberNote(models.Model):
    """A note moderators keep on a member, never shown to the member or to others."""

    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="moderator_notes", verbose_name=_("member")
    )
    author = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderator's note on a member")
        verbose_name_plural = _("moderators' notes on members")

    def __str__(self):
        return f"{self.member}: {self.text[:40]}"


def export_storage():
    """Where data exports are kept (STORAGES["exports"]): never the public media
    storage. Looked up each time, not fixed when the models load."""
    return storages["exports"]


class DataExport(models.Model):
    """A copy of everything a member has on Askwell, built by the task worker
    (config.privacy), downloaded by them alone until it expires."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be prepared")

    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="data_exports", verbose_name=_("member")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    # The file's name in export_storage().
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self):
        return f"{self.get_status_display()} ({self.requested_at:%Y-%m-%d %H:%M})"

    def open(self):
        return export_storage().open(self.file_name, "rb")

    def delete_file(self):
        if self.file_name:
            export_storage().delete(self.file_name)

    def is_downloadable(self, now=None):
        return (
            self.status == self.Status.READY
            and bool(self.file_name)
            and self.expires_at is not None
            and self.expires_at > (now or timezone.now())
        )


class AuthenticatorSetupLink(models.Model):
    """
    A one-time, expiring link an administrator gives a staff member so that they can
    set up their authenticator app (accounts.authenticator_setup): staff cannot set one
    up with their password alone. Only a hash of the link's secret is kept.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="authenticator_setup_links",
        verbose_name=_("staff member"),
    )
    token_hash = models.CharField(_("hash of the link's secret"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("authenticator setup link")
        verbose_name_plural = _("authenticator setup links")

    def __str__(self):
        return f"{self.user}: {self.created_at:%Y-%m-%d %H:%M}"
