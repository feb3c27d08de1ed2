from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Category slugs share the /forum/<slug>/ space with these fixed pages.
RESERVED_CATEGORY_SLUGS = frozenset(
    {
        "ask",
        "feed",
        "preview",
        "drafts",
        "similar",
        "posts",
        "follow",
        "notifications",
        "unsubscribe",
    }
)


def validate_category_slug(value):
    if value in RESERVED_CATEGORY_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by another forum page; choose another slug."),
            code="reserved",
            params={"slug": value},
        )


def visibility_filter(user, prefix=""):
    """
    Who may see a post: everyone sees approved posts, and the placeholder of a
    published post its author removed; members also see their own pending, rejected
    and hidden posts; moderators see everything. `prefix` points at the post from
    another model ("opening_post__" for topics).

    The one rule behind every list, count, page, feed and search result. Returns None
    when nothing needs filtering.
    """
    if user.is_authenticated and user.is_moderator():
        return None
    visible = Q(**{f"{prefix}state": Post.State.APPROVED}) | Q(
        **{f"{prefix}state": Post.State.REMOVED, f"{prefix}published_at__isnull": False}
    )
    if user.is_authenticated:
        visible |= Q(**{f"{prefix}author": user}) & ~Q(**{f"{prefix}state": Post.State.REMOVED})
    return visible


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_category_slug]
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Counters over published questions and replies, kept by forum.services in the same
    # transaction as the post they count, so the forum index reads them in one query.
    question_count = models.PositiveIntegerField(_("questions"), default=0, editable=False)
    reply_count = models.PositiveIntegerField(_("replies"), default=0, editable=False)
    last_activity_at = models.DateTimeField(
        _("last activity"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"slug": self.slug})


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Questions `user` may open. A question its author removed stays readable,
        as a placeholder, only while published replies keep its thread."""
        visible = visibility_filter(user, prefix="opening_post__")
        if visible is None:
            return self
        return self.filter(visible).exclude(opening_post__state=Post.State.REMOVED, reply_count=0)

    def listed(self):
        """Questions that appear in lists, search and feeds: removed ones and merged
        duplicates do not."""
        return self.exclude(opening_post__state=Post.State.REMOVED).filter(merged_into__isnull=True)

    def unanswered(self):
        """Questions without an answer that helped, or whose answer is not published
        now (hidden after flags, back in review after an edit)."""
        return self.exclude(accepted_answer__state=Post.State.APPROVED)

    def for_listing(self):
        return (
            self.select_related("category", "opening_post__author")
            .annotate(
                answered=models.ExpressionWrapper(
                    Q(accepted_answer__state=Post.State.APPROVED),
                    output_field=models.BooleanField(),
                )
            )
            .order_by("-last_activity_at", "-pk")
        )

    def search(self, query):
        return self.filter(Q(title__icontains=query) | Q(opening_post__body__icontains=query))


class Topic(models.Model):
    """A question: its title and where it lives. Its text is the opening Post."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="topics", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("article"),
    )
    opening_post = models.OneToOneField(
        "Post",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("opening post"),
    )
    accepted_answer = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the answer that helped"),
        help_text=_("The reply the asker marked as the answer that helped them."),
    )
    # Set by moderators (forum.moderation).
    is_locked = models.BooleanField(
        _("locked"), default=False, help_text=_("A locked question takes no new replies.")
    )
    is_pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned questions head their category's list.")
    )
    # A duplicate merged into another question: its posts moved there, and its address
    # redirects there.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    # Counters over approved posts only, kept by forum.services in the same transaction.
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["-last_activity_at", "-id"], name="topic_activity"),
            models.Index(fields=["category", "-last_activity_at"], name="topic_category_activity"),
            models.Index(fields=["article", "-last_activity_at"], name="topic_article_activity"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "forum:topic",
            kwargs={"category_slug": self.category.slug, "pk": self.pk, "slug": self.slug},
        )

    @property
    def is_answered(self):
        """Whether the asker marked a reply that is published now as the answer."""
        return (
            self.accepted_answer_id is not None
            and self.accepted_answer.state == Post.State.APPROVED
        )

    @property
    def is_published(self):
        return self.opening_post.state == Post.State.APPROVED


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        visible = visibility_filter(user)
        return self if visible is None else self.filter(visible)

    def pending(self):
        return self.filter(state=Post.State.PENDING)

    def needs_decision(self):
        """What waits for a moderator: posts pending review, posts hidden after flags,
        and posts with open flags.

        The flagged posts' ids are read first (one small query): written as a
        subquery, the OR kept PostgreSQL from using the indexes and it read every post.
        """
        flagged = Flag.objects.filter(resolved_at__isnull=True).values_list("post_id", flat=True)
        return self.filter(
            Q(state__in=[Post.State.PENDING, Post.State.HIDDEN]) | Q(pk__in=set(flagged))
        )

    def approved(self):
        return self.filter(state=Post.State.APPROVED)


class Post(models.Model):
    """The opening post of a question or a reply: what moderation, rendering, flags,
    helpful marks and edits work on."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not published")
        HIDDEN = "hidden", _("Hidden until a moderator decides")
        REMOVED = "removed", _("Removed by its author")

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text (sanitized HTML)"), editable=False)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.PENDING)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    # When the post first became visible to everyone; None if it never has.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed by its author"), null=True, blank=True)
    # What forum.risk found in the text when it was written or edited, for the
    # moderation queue: higher first. Signals: "emergency", "medication", "miracle_cure",
    # "personal_data".
    risk_score = models.PositiveSmallIntegerField(_("risk"), default=0, editable=False)
    risk_signals = models.JSONField(_("risk signals"), default=list, blank=True, editable=False)
    # Kept by forum services with F() in the same transaction as the vote.
    helpful_count = models.PositiveIntegerField(_("helpful marks"), default=0)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    rejection_reason = models.TextField(_("reason for not publishing"), blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        permissions = [("moderate_post", _("Can approve and reject posts"))]
        indexes = [
            models.Index(fields=["topic", "state", "created_at"], name="post_topic_state_created"),
            models.Index(fields=["state", "created_at"], name="post_state_created"),
            models.Index(fields=["author", "state"], name="post_author_state"),
            models.Index(fields=["author", "created_at"], name="post_author_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "rejected", "hidden", "removed"]),
                name="post_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reason=""),
                name="post_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return _("%(author)s on “%(question)s”") % {"author": self.author, "question": self.topic}

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#post-{self.pk}"

    @property
    def is_opening(self):
        return self.topic.opening_post_id == self.pk

    @property
    def is_removed(self):
        return self.state == self.State.REMOVED

    def is_editable_by(self, user):
        """Only the author edits their words, while the post is waiting for review or
        published, and while they may post."""
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.state in (self.State.PENDING, self.State.APPROVED)
        )

    def is_removable_by(self, user):
        """The author may remove their own post, even while suspended."""
        return user.is_authenticated and self.author_id == user.pk and not self.is_removed

    def may_be_marked_helpful_by(self, user):
        """A published reply by someone else (posting restrictions are checked apart,
        so that the page can say why)."""
        return (
            user.is_authenticated
            and self.state == self.State.APPROVED
            and not self.is_opening
            and self.author_id != user.pk
        )

    def may_be_accepted_by(self, user):
        """The asker may choose a published reply by someone else as the answer that
        helped them."""
        return (
            user.is_authenticated
            and self.topic.opening_post.author_id == user.pk
            and self.topic.opening_post.state == self.State.APPROVED
            and self.state == self.State.APPROVED
            and not self.is_opening
            and self.author_id != user.pk
        )


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


class FlaggedPost(Post):
    """Posts with open flags from members, for moderators in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("flagged post")
        verbose_name_plural = _("flagged posts")


class PostRevision(models.Model):
    """The text of a post as it was before an edit. Read by moderators."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    # The question's title before the edit (opening posts only).
    title = models.CharField(_("title"), max_length=150, blank=True)
    body = models.TextField(_("text (Markdown)"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    created_at = models.DateTimeField(_("replaced"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self):
        return _("Version of %(post)s replaced on %(when)s") % {
            "post": self.post,
            "when": self.created_at,
        }


class HelpfulVote(models.Model):
    """A member marking a reply as helpful: one per member per reply."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="helpful_votes", verbose_name=_("post")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helpful_votes",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("marked"), default=timezone.now)

    class Meta:
        verbose_name = _("helpful mark")
        verbose_name_plural = _("helpful marks")
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="one_helpful_mark_per_member")
        ]

    def __str__(self):
        return f"{self.member} → {self.post_id}"


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
    """Telling a member of a post they follow: in the site, and by e-mail per their
    setting. One per member per post."""

    class Reason(models.TextChoices):
        REPLY = "reply", _("New reply to a question you follow")
        QUESTION = "question", _("New question in a category you follow")

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
        ]

    def __str__(self):
        return f"{self.recipient}: {self.get_reason_display()}"


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
    text_html = models.TextField(_("correction (sanitized HTML)"), editable=False)
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
