"""
Posts (a question's opening post and its replies), the one rule of who may see them,
their earlier versions and the helpful marks members give them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from markup.fields import RenderedMarkupField

# How a post without a public author is signed (Post.display_author).
FORMER_MEMBER = _("Former member")
ANONYMOUS_MEMBER = _("Anonymous member")


def _post_rule(user, prefix):
    """Who may see the post at `prefix` on its own: everyone sees published posts and
    the placeholder of a published post its author removed; members also see their own
    pending, rejected and hidden posts."""
    visible = Q(**{f"{prefix}state": Post.State.APPROVED}) | Q(
        **{f"{prefix}state": Post.State.REMOVED, f"{prefix}published_at__isnull": False}
    )
    if user.is_authenticated:
        visible |= Q(**{f"{prefix}author": user}) & ~Q(**{f"{prefix}state": Post.State.REMOVED})
    return visible


def topic_visibility(user, prefix=""):
    """
    Which questions `user` may open, as a filter on the question at `prefix`: those
    whose opening post they may see. A question its author removed stays readable, as a
    placeholder, only while published replies keep its thread. None for moderators,
    who see everything.
    """
    if user.is_authenticated and user.is_moderator():
        return None
    return _post_rule(user, f"{prefix}opening_post__") & ~Q(
        **{f"{prefix}opening_post__state": Post.State.REMOVED, f"{prefix}reply_count": 0}
    )


def post_visibility(user, prefix=""):
    """
    Which posts `user` may see, as a filter on the post at `prefix`: a post they may see
    on its own, in a question they may open. The one rule behind every page, list,
    count, profile, feed, search result and notification. None for moderators.
    """
    if user.is_authenticated and user.is_moderator():
        return None
    return _post_rule(user, prefix) & topic_visibility(user, prefix=f"{prefix}topic__")


def _post_rule_allows(post, user):
    """_post_rule for one loaded post, in Python."""
    if post.state == Post.State.APPROVED:
        return True
    if post.state == Post.State.REMOVED:
        return post.published_at is not None
    return user.is_authenticated and post.author_id == user.pk


def topic_is_visible(topic, user):
    """topic_visibility for one loaded question (with its opening post), in Python."""
    if user.is_authenticated and user.is_moderator():
        return True
    opening = topic.opening_post
    if opening is None or not _post_rule_allows(opening, user):
        return False
    return not (opening.state == Post.State.REMOVED and topic.reply_count == 0)


def post_is_visible(post, user):
    """post_visibility for one loaded post (with its question and the question's
    opening post), in Python: for a page that has them loaded already."""
    if user.is_authenticated and user.is_moderator():
        return True
    return _post_rule_allows(post, user) and topic_is_visible(post.topic, user)


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Posts `user` may see, in questions they may open (post_visibility)."""
        visible = post_visibility(user)
        return self if visible is None else self.filter(visible)

    def visible_in_open_question(self, user, topic):
        """The posts of `topic` that `user` may see, for a page that has already
        checked they may open it (get_visible_topic): post_visibility without the
        question's half, which is the same for every post of it."""
        posts = self.filter(topic=topic)
        if user.is_authenticated and user.is_moderator():
            return posts
        return posts.filter(_post_rule(user, ""))

    def pending(self):
        return self.filter(state=Post.State.PENDING)

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
        "Topic", on_delete=models.CASCADE, related_name="posts", verbose_name=_("question")
    )
    # None once its author deleted their account keeping their posts ("Former
    # member"). PROTECT: an account with posts goes only through the site's deletion
    # (config.privacy), which decides what becomes of each post first.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("author"),
    )
    # Shown as "Anonymous member": the asker's posts in a question asked anonymously
    # (set by forum.lifecycle.write_post from Topic.is_anonymous).
    is_anonymous = models.BooleanField(_("anonymous to members"), default=False)
    body = models.TextField(_("text (Markdown)"))
    body_html = RenderedMarkupField(
        _("text (sanitized HTML)"),
        source="body",
        renderer="forum.notifications.mentions.render_post",
    )
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
            # A profile's replies: a member's published posts, latest first.
            models.Index(
                fields=["author", "state", "-published_at", "-id"], name="post_author_published"
            ),
            # The latest moderators' decisions (forum.review_wait).
            models.Index(
                fields=["-reviewed_at"],
                name="post_reviewed",
                condition=Q(reviewed_at__isnull=False),
            ),
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
        return _("%(author)s on “%(question)s”") % {
            "author": self.author or FORMER_MEMBER,
            "question": self.topic,
        }

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#post-{self.pk}"

    # Who wrote it, as the site shows it: the one place every page, list, feed,
    # e-mail, search result and structured datum takes an author's name from.

    @property
    def public_author(self):
        """The member shown as the author, linked to their profile with their avatar
        and badge; None for an anonymous post or a former member's, which are shown
        by `display_author` alone. Moderators see `author` in the admin."""
        if self.is_anonymous:
            return None
        return self.author

    @property
    def display_author(self):
        """The author's name as everyone may see it: the pseudonym, "Anonymous
        member" or "Former member"."""
        if self.author_id is None:
            return FORMER_MEMBER
        if self.is_anonymous:
            return ANONYMOUS_MEMBER
        return self.author.username

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

    def may_be_flagged_by(self, user):
        """A published post by someone else (the member's standing is checked apart,
        so that the page can say why)."""
        return (
            user.is_authenticated
            and self.state == self.State.APPROVED
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
