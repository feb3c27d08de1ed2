"""
The question page's reads (forum.views.browse.topic_detail), in as few trips to the
database and the cache as the page allows.

What every reader who is not a moderator sees of a question is the same: the question
with its opening post, the answer that helped and a page of the published replies.
`public_page` reads that once and keeps it, as pickled rows (each request unpickles
rows of its own), under the generation tokens of the question (forum.pagecache: every
change readers see on the page gives it a new one), of the stored HTML, of members'
public faces (their names, avatars and badges) and of the articles (the page shows
the title of the one it was asked about). A member sees more than that only where
they wrote posts readers do not see (pending, rejected or hidden): their page of
replies is read from the database (forum.queries) instead.

What the page shows about the member (their helpful marks and open flags on the posts
shown, whether they follow the question, whether they have a draft of a reply to it,
whether their e-mail address is verified, whether they wrote posts of it readers do
not see) is read in one query (`member_state`), where forum.queries takes one each.
"""

import pickle
from dataclasses import dataclass, field
from functools import cache as once

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db import connection
from django.http import Http404

from articles.generations import ARTICLES, MARKUP, kept

from .models import Draft, Flag, HelpfulVote, Post, Topic, TopicSubscription
from .pagecache import FACES
from .paging import REPLY_ORDERINGS, counted_page
from .queries import get_topic_for_page, posts_for_page

# The deepest page read through the cache: past it (a question of more than a
# thousand replies), pages are read from the database each time.
DEEPEST_KEPT_PAGE = 50
# As long as the page cache keeps a question's page for visitors (config.pagecache).
SECONDS = 10 * 60
# States of a member's own posts that they see and readers do not (Post._post_rule).
UNPUBLISHED = (Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN)


def tokens(pk):
    """The generation tokens `public_page` reads for question `pk`."""
    # The article it was asked about, whose title it shows: any article re-imported.
    return [f"topic:{pk}", MARKUP, FACES, ARTICLES]


def _page_number(value):
    """The page asked for as counted_page reads it (1 for what is not a number, 0 for
    any below 1, which counted_page answers with the last page), or None past
    DEEPEST_KEPT_PAGE."""
    try:
        number = int(value) if value is not None else 1
    except (TypeError, ValueError):
        return 1
    if number < 1:
        return 0
    return number if number <= DEEPEST_KEPT_PAGE else None


def _read(pk, sort, number):
    """The question and its page as every reader sees it, pickled; b"" when readers
    may not open it (or it was merged: its page redirects) and it exists."""
    readers = AnonymousUser()
    try:
        topic = get_topic_for_page(readers, pk)
    except Http404:
        if Topic.objects.filter(pk=pk).exists():
            return b""
        raise
    if topic.merged_into_id is not None:
        return b""
    replies = (
        posts_for_page(readers, topic)
        .exclude(pk=topic.opening_post_id)
        .order_by(*REPLY_ORDERINGS[sort])
    )
    page = counted_page(replies, number, settings.ASKWELL_POSTS_PER_PAGE)
    return pickle.dumps(
        (topic, page.object_list, page.paginator.count, page.number),
        protocol=pickle.HIGHEST_PROTOCOL,
    )


def public_page(pk, *, sort, number):
    """
    (question, page of replies) as every reader who is not a moderator sees them: the
    question `pk` with what get_topic_for_page loads (its `visible_accepted_answer`
    too) and the page `number` (a ?page= value) of its replies in the `sort` order,
    as counted_page gives it. None when readers may not open the question, when it
    was merged into another, or past DEEPEST_KEPT_PAGE: the view reads those for its
    viewer. Http404 when there is no such question.
    """
    number = _page_number(number)
    if number is None:
        return None
    pickled = kept(
        f"question page:{pk}:{sort}:{number}",
        lambda: _read(pk, sort, number),
        tokens=tokens(pk),
        seconds=SECONDS,
    )
    if not pickled:
        return None
    topic, posts, count, number = pickle.loads(pickled)  # noqa: S301 (our own bytes)
    paginator = Paginator(posts, settings.ASKWELL_POSTS_PER_PAGE)
    # A cached property: the total read with the page.
    paginator.count = count
    return topic, Page(posts, number, paginator)


@dataclass
class MemberState:
    """What the question page shows about its viewer."""

    helpful: set = field(default_factory=set)
    flagged: set = field(default_factory=set)
    following: bool = False
    has_draft: bool = False
    # None: not read (forum.standing.restriction reads it when it must).
    has_verified_email: bool | None = None
    has_unpublished_posts: bool = False


def _select(kind, model, column, *conditions):
    """SELECT '<kind>', <column> FROM <model's table> WHERE <conditions>: each
    condition a (field name, SQL after its column) pair. Names come from the models
    alone; values go in as parameters."""
    quote = connection.ops.quote_name

    def col(name):
        return quote(model._meta.get_field(name).column)

    where = " AND ".join(f"{col(name)} {test}" for name, test in conditions)
    return f"SELECT '{kind}', {col(column)} FROM {quote(model._meta.db_table)} WHERE {where}"  # noqa: S608


@once
def _sql(vendor, posts):
    """The one query of member_state, for `posts` post ids (`vendor` keys the cache:
    the quoting is the database's). Its parameters are member_state's."""
    ids = "IN ({})".format(", ".join(["%s"] * posts))
    states = "IN ({})".format(", ".join(["%s"] * len(UNPUBLISHED)))
    return " UNION ALL ".join(
        [
            _select("h", HelpfulVote, "post", ("member", "= %s"), ("post", ids)),
            _select(
                "f", Flag, "post", ("flagger", "= %s"), ("post", ids), ("resolved_at", "IS NULL")
            ),
            _select("s", TopicSubscription, "topic", ("member", "= %s"), ("topic", "= %s")),
            _select("d", Draft, "id", ("author", "= %s"), ("topic", "= %s")),
            _select("v", EmailAddress, "user", ("user", "= %s"), ("verified", "= %s")),
            _select("p", Post, "id", ("author", "= %s"), ("topic", "= %s"), ("state", states)),
        ]
    )


def member_state(user, topic, posts):
    """What the page shows about `user` (a member) on `topic`, for the `posts` shown,
    in one query."""
    ids = sorted({post.pk for post in posts if post is not None})
    sql = _sql(connection.vendor, len(ids))
    params = [
        user.pk,
        *ids,
        user.pk,
        *ids,
        user.pk,
        topic.pk,
        user.pk,
        topic.pk,
        user.pk,
        True,
        user.pk,
        topic.pk,
        *[str(state) for state in UNPUBLISHED],
    ]
    state = MemberState(has_verified_email=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for kind, pk in rows:
        if kind == "h":
            state.helpful.add(pk)
        elif kind == "f":
            state.flagged.add(pk)
        elif kind == "s":
            state.following = True
        elif kind == "d":
            state.has_draft = True
        elif kind == "v":
            state.has_verified_email = True
        else:
            state.has_unpublished_posts = True
    return state
