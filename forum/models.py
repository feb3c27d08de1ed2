from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Category slugs share the /forum/<slug>/ space with these fixed pages.
RESERVED_CATEGORY_SLUGS = frozenset({"ask", "feed"})


def validate_category_slug(value):
    if value in RESERVED_CATEGORY_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by another forum page; choose another slug."),
            code="reserved",
            params={"slug": value},
        )


def visibility_filter(user, prefix=""):
    """
    Who may see a post: everyone sees approved posts; members also see their own
    pending and rejected posts; moderators see everything. `prefix` points at the
    post from another model ("opening_post__" for topics).

    The one rule behind every list, count, page, feed and search result. Returns None
    when nothing needs filtering.
    """
    if user.is_authenticated and user.is_moderator():
        return None
    visible = Q(**{f"{prefix}state": Post.State.APPROVED})
    if user.is_authenticated:
        visible |= Q(**{f"{prefix}author": user})
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
        visible = visibility_filter(user, prefix="opening_post__")
        return self if visible is None else self.filter(visible)

    def for_listing(self):
        return self.select_related("category", "opening_post__author").order_by(
            "-last_activity_at", "-pk"
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
    def is_published(self):
        return self.opening_post.state == Post.State.APPROVED


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        visible = visibility_filter(user)
        return self if visible is None else self.filter(visible)

    def pending(self):
        return self.filter(state=Post.State.PENDING)

    def approved(self):
        return self.filter(state=Post.State.APPROVED)


class Post(models.Model):
    """The opening post of a question or a reply: what moderation, rendering and
    (later) flags and edits work on."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not published")

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
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "rejected"]),
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


class ModerationEvent(models.Model):
    """A record of every moderation decision: who, what, when and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="moderation_events", verbose_name=_("post")
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.get_action_display()}: {self.post}"


class PendingPost(Post):
    """The moderation queue in the admin: posts waiting for review, oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("post waiting for review")
        verbose_name_plural = _("moderation queue")
