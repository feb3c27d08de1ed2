"""
A large, realistic forum written fast with bulk inserts, for benchmarks and for tests
of how pages behave as data grows (`manage.py generate_forum`).

Members; questions in every category (a few on the articles); replies, most of them to
a few busy questions; states as moderation leaves them (mostly published, some waiting
or rejected); helpful marks; answers that helped; follows; notifications; open flags.
Counters on questions and categories are set as forum.lifecycle would have kept them,
and the search index is built (forum.search.index.rebuild_index).

Everything is written in one transaction, in batches, holding only a few numbers per
post in memory: 10,000 members, 100,000 questions and 1,000,000 replies take minutes on
SQLite and PostgreSQL. Ids follow on from the largest already there, so it can add to a
forum that has posts (the demo's, say).
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.usernames import stored_skeleton
from articles.models import Article
from forum import counters
from forum.models import (
    Category,
    CategorySubscription,
    Flag,
    HelpfulVote,
    Notification,
    Post,
    Topic,
    TopicSubscription,
)
from forum.search.index import rebuild_index
from markup.render import render_markdown

BUSY_TITLE = "How long did it take for IVIG to make a difference for you?"
TITLE_STARTS = [
    "How long did it take for",
    "Has anyone else noticed that",
    "What helped you when",
    "Is it normal that",
    "Should I worry that",
    "Any tips for coping when",
    "Did your neurologist say",
    "How do you explain to family that",
]
TITLE_SUBJECTS = [
    "IVIG to make a difference",
    "steroids cause weight gain",
    "CK levels go up after exercise",
    "stairs are still hard after treatment",
    "methotrexate makes me tired",
    "the biopsy results take weeks",
    "statins were the trigger",
    "physiotherapy helps with weak thighs",
    "fatigue comes back in the afternoon",
    "swallowing gets harder some days",
    "rituximab infusions were delayed",
    "my muscles ache at night",
    "prednisone affects my sleep",
    "anaemia showed up in my blood test",
    "immunoglobulin infusions give me headaches",
    "creatine kinase stays high",
]
SENTENCES = [
    "I was diagnosed with necrotizing myopathy last spring.",
    "My CK is coming down slowly but I still tire quickly.",
    "The neurologist suggested **immunoglobulin** (IVIG) every four weeks.",
    "Climbing stairs without stopping is still out of reach for me.",
    "We put a rail by the stairs and a raised seat in the bathroom.",
    "Keep a simple diary of what you can do each week; it shows progress.",
    "Please ask your doctor before changing any dose.",
    "It took about four months before I felt any stronger.",
    "My physiotherapist keeps the exercises gentle during a flare.",
    "Tapering the steroids was the hardest part for me.",
    "See the [patient leaflet](https://example.org/leaflet) our clinic gave us.",
    "- rest between tasks\n- sit to cook\n- ask for help with shopping",
    "The corticosteroids made me hungry all the time.",
    "My creatine kinase was over 4,000 when they found it.",
]
BATCH = 5_000
TWO_YEARS = timedelta(days=730).total_seconds()


@dataclass
class Sizes:
    members: int = 500
    questions: int = 5_000
    replies: int = 50_000
    busy_replies: int = 200
    inbox: int = 1_000
    seed: int = 2026


@dataclass
class Generated:
    """What was written, and the few rows benchmarks and tests look for."""

    sizes: Sizes
    members: list = field(default_factory=list)
    busy_topic: Topic | None = None
    inbox_member: User | None = None
    counts: dict = field(default_factory=dict)

    def summary(self):
        return ", ".join(f"{n:,} {what}" for what, n in self.counts.items())


def _next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _bulk(model, rows):
    """Insert `rows` (an iterable of unsaved instances) in batches."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _state(rng, pending, rejected):
    roll = rng.random()
    if roll < rejected:
        return Post.State.REJECTED
    if roll < rejected + pending:
        return Post.State.PENDING
    return Post.State.APPROVED


def _members(sizes, rng, now):
    first = _next_id(User)
    # Nobody signs in with a password here (clients use force_login); hashing thousands
    # of passwords would take minutes.
    users = [
        User(
            pk=first + n,
            username=f"member{first + n:06d}",
            username_skeleton=stored_skeleton(f"member{first + n:06d}"),
            email=f"member{first + n:06d}@example.org",
            password="!",  # unusable, like set_unusable_password()
            date_joined=now - timedelta(seconds=rng.uniform(0, TWO_YEARS)),
        )
        for n in range(sizes.members)
    ]
    _bulk(User, users)
    _bulk(
        EmailAddress,
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
    )
    return users


def generate(sizes, *, now=None):
    """Write a forum of `sizes` into the database (categories and articles must be
    there: the migrations and `import_articles` make them). Returns what was made."""
    rng = random.Random(sizes.seed)
    now = now or timezone.now()
    categories = list(Category.objects.order_by("position"))
    articles = sorted(Article.objects.all(), key=lambda a: a.slug != "necrotizing-myopathy")
    bodies = []
    for _ in range(60):
        body = "\n\n".join(rng.sample(SENTENCES, rng.randint(2, 5)))
        bodies.append((body, render_markdown(body)))
    generated = Generated(sizes=sizes)

    with transaction.atomic():
        members = _members(sizes, rng, now)
        member_ids = [m.pk for m in members]
        generated.members = members

        # Questions: who asked, when, in which state. The first is the busy one.
        first_topic, first_post = _next_id(Topic), _next_id(Post)
        topics = []  # per question: [id, post id, asker, created, state, category]
        for n in range(sizes.questions):
            busy = n == 0
            state = Post.State.APPROVED if busy else _state(rng, 0.04, 0.01)
            created = now - timedelta(seconds=rng.uniform(3600, TWO_YEARS))
            category = categories[0] if busy else rng.choice(categories)
            topics.append(
                [first_topic + n, first_post + n, rng.choice(member_ids), created, state, category]
            )
        published = [t for t in topics if t[4] == Post.State.APPROVED]

        # Replies, to published questions, a few of them getting most: per reply its
        # question, author, time and state, and who marked it helpful.
        busy = published[0] if published else None
        weights = [rng.paretovariate(1.2) for _ in published]
        targets = []
        if busy is not None:
            targets = [busy] * min(sizes.busy_replies, sizes.replies) + rng.choices(
                published, weights=weights, k=max(sizes.replies - sizes.busy_replies, 0)
            )
        reply_count, last_activity, accepted = {}, {}, {}
        replies = []  # (post id, topic row, author, created, state, voters)
        next_post = first_post + len(topics)
        for topic in targets:
            span = (now - topic[3]).total_seconds()
            created = topic[3] + timedelta(seconds=rng.uniform(60, max(span, 61)))
            state = Post.State.APPROVED if topic is busy else _state(rng, 0.03, 0.01)
            author = rng.choice(member_ids)
            voters = ()
            if state == Post.State.APPROVED:
                reply_count[topic[0]] = reply_count.get(topic[0], 0) + 1
                last_activity[topic[0]] = max(last_activity.get(topic[0], topic[3]), created)
                if topic is busy or rng.random() < 0.3:
                    k = min(len(member_ids), int(rng.paretovariate(1.5)))
                    voters = {v for v in rng.sample(member_ids, k) if v != author}
                if author != topic[2] and topic[0] not in accepted and rng.random() < 0.3:
                    accepted[topic[0]] = next_post
            replies.append((next_post, topic, author, created, state, voters))
            next_post += 1

        # Questions first (their opening posts follow in the same transaction: the
        # foreign keys are checked at commit), with their counters as forum.lifecycle
        # keeps them.
        _bulk(
            Topic,
            (
                Topic(
                    pk=pk,
                    category=category,
                    title=(title := _title(rng, busy is not None and pk == busy[0])),
                    slug=slugify(title)[:80].strip("-") or "question",
                    article=(
                        articles[0]
                        if articles and ((busy and pk == busy[0]) or rng.random() < 0.06)
                        else None
                    ),
                    opening_post_id=post_pk,
                    accepted_answer_id=accepted.get(pk),
                    reply_count=reply_count.get(pk, 0),
                    created_at=created,
                    last_activity_at=last_activity.get(pk, created),
                )
                for pk, post_pk, _asker, created, state, category in topics
            ),
        )

        def post(pk, topic_pk, author, created, state, helpful=0):
            body, body_html = rng.choice(bodies)
            return Post(
                pk=pk,
                topic_id=topic_pk,
                author_id=author,
                body=body,
                body_html=body_html,
                state=state,
                created_at=created,
                published_at=created if state != Post.State.PENDING else None,
                rejection_reason="Off topic." if state == Post.State.REJECTED else "",
                helpful_count=helpful,
            )

        _bulk(Post, (post(t[1], t[0], t[2], t[3], t[4]) for t in topics))
        _bulk(Post, (post(r[0], r[1][0], r[2], r[3], r[4], len(r[5])) for r in replies))
        _bulk(
            HelpfulVote,
            (
                HelpfulVote(post_id=r[0], member_id=voter, created_at=r[3])
                for r in replies
                for voter in r[5]
            ),
        )

        # Askers follow their questions (asking does that); some members follow
        # categories; the inbox member follows the busy question.
        inbox_member = members[1] if len(members) > 1 else members[0] if members else None
        follows = {(t[2], t[0]) for t in topics}
        if busy is not None and inbox_member is not None:
            follows.add((inbox_member.pk, busy[0]))
        _bulk(TopicSubscription, (TopicSubscription(member_id=m, topic_id=t) for m, t in follows))
        category_follows = {
            (m, c.pk) for c in categories for m in rng.sample(member_ids, min(40, len(member_ids)))
        }
        _bulk(
            CategorySubscription,
            (CategorySubscription(member_id=m, category_id=c) for m, c in category_follows),
        )

        # Notifications: askers told of a third of the replies to their questions
        # (most read); the inbox member has a long list, the newest unread.
        published_replies = [r for r in replies if r[4] == Post.State.APPROVED]
        notified = {}
        for r in published_replies:
            asker = r[1][2]
            if asker != r[2] and rng.random() < 0.33:
                notified[(asker, r[0])] = (r[3], r[3] if rng.random() < 0.8 else None)
        if inbox_member is not None:
            others = [r for r in published_replies if r[2] != inbox_member.pk]
            chosen = sorted(rng.sample(others, min(sizes.inbox, len(others))), key=lambda r: r[3])
            for n, r in enumerate(reversed(chosen)):
                notified[(inbox_member.pk, r[0])] = (r[3], None if n < 300 else r[3])
        _bulk(
            Notification,
            (
                Notification(
                    recipient_id=recipient,
                    post_id=post_pk,
                    reason=Notification.Reason.REPLY,
                    created_at=created,
                    read_at=read,
                    emailed_at=created,
                )
                for (recipient, post_pk), (created, read) in notified.items()
            ),
        )

        # Open flags, fewer per post than hide it: on a few hundred published replies.
        flagged = rng.sample(published_replies, min(300, len(published_replies)))
        flags = {}
        for r in flagged:
            flagger = rng.choice(member_ids)
            if flagger != r[2]:
                flags[(r[0], flagger)] = Flag(
                    post_id=r[0], flagger_id=flagger, reason=Flag.Reason.MISINFORMATION
                )
        _bulk(Flag, flags.values())

        for category in categories:
            counters.recount_category(category.pk)
        # Written without the services, so indexed for search here, in a few statements.
        rebuild_index()
        # Rows were written with their ids: the next ones the database gives follow them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [User, Topic, Post]):
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    generated.inbox_member = inbox_member
    if busy is not None:
        generated.busy_topic = Topic.objects.select_related("category").get(pk=busy[0])
    generated.counts = {
        "members": len(members),
        "questions": len(topics),
        "replies": len(replies),
        "posts waiting for review": sum(
            1 for row in [*topics, *replies] if row[4] == Post.State.PENDING
        ),
        "answers that helped": len(accepted),
        "helpful marks": sum(len(r[5]) for r in replies),
        "follows": len(follows) + len(category_follows),
        "notifications": len(notified),
        "open flags": len(flags),
    }
    # Fresh statistics, so that the query planner reads the lists through their
    # indexes (SQLite has none until ANALYZE; PostgreSQL's autovacuum comes later).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return generated


def _title(rng, busy):
    if busy:
        return BUSY_TITLE
    return f"{rng.choice(TITLE_STARTS)} {rng.choice(TITLE_SUBJECTS)}?"[:150]
