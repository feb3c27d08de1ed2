"""Categories and the questions (topics) in them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .posts import Post, topic_visibility

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
        visible = topic_visibility(user)
        return self if visible is None else self.filter(visible)

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
    # Asked as "Anonymous member": the asker's posts in it are anonymous too
    # (Post.is_anonymous), kept off their profile; moderators still see who it is.
    is_anonymous = models.BooleanField(_("asked anonymously"), default=False)
    # Set by moderators (moderation.questions).
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
            # A category's list in its own order, pinned first (forum.listing).
            models.Index(
                fields=["category", "-is_pinned", "-last_activity_at", "-id"],
                condition=models.Q(merged_into__isnull=True),
                name="topic_category_listed",
            ),
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
    def public_asker(self):
        """The asker as everyone may see them (Post.public_author of the opening post)."""
        return self.opening_post.public_author

    @property
    def asker_display(self):
        """The asker's name as everyone may see it (Post.display_author)."""
        return self.opening_post.display_author

    @property
    def is_published(self):
        return self.opening_post.state == Post.State.APPROVED
