"""
The one review queue: every post that waits for a moderator's decision (pending
review, hidden, or with open flags), the riskiest first and then the longest waiting,
with what the queue shows of each and the decisions it offers.
"""

from collections import Counter, defaultdict

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from forum import lifecycle
from forum.models import Flag, ModeratorNote, Post

APPROVE, REJECT, HIDE, RESTORE, DISMISS, NOTE, EDIT = (
    "approve",
    "reject",
    "hide",
    "restore",
    "dismiss",
    "note",
    "edit",
)


def waiting_posts():
    """What waits for a moderator: posts pending review, posts hidden, and posts with
    open flags.

    The flagged posts' ids are read first (one small query): written as a subquery,
    the OR kept PostgreSQL from using the indexes and it read every post.
    """
    flagged = Flag.objects.filter(resolved_at__isnull=True).values_list("post_id", flat=True)
    return Post.objects.filter(
        Q(state__in=[Post.State.PENDING, Post.State.HIDDEN]) | Q(pk__in=set(flagged))
    )


def _count(queryset, group_by):
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def first_open_flag_at(post_ref="pk"):
    """When the first open flag on the post at `post_ref` was raised (a subquery)."""
    return Subquery(
        Flag.objects.filter(post=OuterRef(post_ref), resolved_at__isnull=True)
        .order_by("created_at")
        .values("created_at")[:1]
    )


def _author_history():
    by_author = Post.objects.filter(author=OuterRef("author"))
    on_authors_posts = Flag.objects.filter(post__author=OuterRef("author"))
    return {
        "author_approved_count": _count(by_author.filter(state=Post.State.APPROVED), "author"),
        "author_rejected_count": _count(by_author.filter(state=Post.State.REJECTED), "author"),
        "author_upheld_flag_count": _count(
            on_authors_posts.filter(resolution=Flag.Resolution.UPHELD), "post__author"
        ),
        "author_open_flag_count": _count(
            on_authors_posts.filter(resolved_at__isnull=True), "post__author"
        ),
        # A corrected post was published, but is not a clean one.
        "author_corrected_count": _count(
            ModeratorNote.objects.filter(post__author=OuterRef("author")), "post__author"
        ),
    }


def queue_queryset(*, with_author_history=True):
    """What needs a decision, with what the queue shows of each post (and, unless told
    otherwise, its author's history), in one query: the riskiest first, then the
    longest waiting (since the first open flag for a flagged post, since it was
    written otherwise)."""
    open_flags = Flag.objects.filter(resolved_at__isnull=True)
    queryset = (
        waiting_posts()
        .select_related("author", "topic__category")
        .annotate(
            open_flag_count=_count(open_flags.filter(post=OuterRef("pk")), "post"),
            first_flagged_at=first_open_flag_at(),
        )
    )
    if with_author_history:
        queryset = queryset.annotate(**_author_history())
    return queryset.annotate(
        waiting_since=Coalesce(F("first_flagged_at"), F("created_at"))
    ).order_by("-risk_score", "waiting_since", "pk")


def next_in_queue(post):
    """The post after `post` (one of queue_queryset's, with its `waiting_since`) in the
    queue's order, or else the first one other than it: where the review page goes
    after a decision or a skip. None when nothing else waits."""
    queue = queue_queryset(with_author_history=False).exclude(pk=post.pk)
    after = queue.filter(
        Q(risk_score__lt=post.risk_score)
        | Q(risk_score=post.risk_score, waiting_since__gt=post.waiting_since)
        | Q(risk_score=post.risk_score, waiting_since=post.waiting_since, pk__gt=post.pk)
    )
    return after.first() or queue.first()


def add_author_history(posts):
    """Give each post of a list page its author's history, in three queries for the
    page: counted per row, the history cost grew with the whole queue."""
    author_ids = {post.author_id for post in posts}
    states = defaultdict(Counter)
    for row in (
        Post.objects.filter(
            author__in=author_ids, state__in=[Post.State.APPROVED, Post.State.REJECTED]
        )
        .values("author", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        states[row["author"]][row["state"]] = row["n"]
    flag_counts = {
        row["post__author"]: row
        for row in Flag.objects.filter(post__author__in=author_ids)
        .values("post__author")
        .annotate(
            upheld=Count("pk", filter=Q(resolution=Flag.Resolution.UPHELD)),
            open=Count("pk", filter=Q(resolved_at__isnull=True)),
        )
        .order_by()
    }
    corrected = dict(
        ModeratorNote.objects.filter(post__author__in=author_ids)
        .values("post__author")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("post__author", "n")
    )
    for post in posts:
        post.author_corrected_count = corrected.get(post.author_id, 0)
        counted = states[post.author_id]
        flagged = flag_counts.get(post.author_id, {})
        post.author_approved_count = counted[Post.State.APPROVED]
        post.author_rejected_count = counted[Post.State.REJECTED]
        post.author_upheld_flag_count = flagged.get("upheld", 0)
        post.author_open_flag_count = flagged.get("open", 0)
    return posts


def applicable_actions(post):
    """What the queue offers a moderator on `post`, as it is now (`open_flag_count` is
    the queue's annotation): the transitions that apply to its state, rejecting a
    published post only when members flagged it, and flags dismissed only on a post
    that stays as it is."""
    flagged = post.open_flag_count > 0
    published = post.state == Post.State.APPROVED
    actions = []
    if lifecycle.APPROVE.applies_to(post):
        actions += [APPROVE, EDIT]
    if lifecycle.RESTORE.applies_to(post):
        actions.append(RESTORE)
    if lifecycle.REJECT.applies_to(post) and (flagged or not published):
        actions.append(REJECT)
    if lifecycle.HIDE.applies_to(post):
        actions += [HIDE, NOTE]
    if flagged and post.state != Post.State.HIDDEN:
        actions.append(DISMISS)
    return actions
