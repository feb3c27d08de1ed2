"""
How fast Askwell's main pages render with a realistic amount of data.

    make bench                      # DJANGO_DEBUG=1 .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --runs 50 --explain

Builds a throwaway database (a temporary SQLite file; with DATABASE_URL set, a database
askwell_bench_<pid> beside the configured one, never the test runner's), fills it with
members, questions, replies, helpful marks, answers that helped, follows, notifications
and flags, then requests each page with Django's test client (anonymous, as a member, as
a member with a long notification list, as a moderator) and prints, per page, the median
and 95th-percentile time, the number of SQL queries and the slowest of them. The
development database (db.sqlite3) is never opened.
"""

import argparse
import importlib
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# WhiteNoise notes that collectstatic has not run; pages are what is measured here.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

HOT_TOPIC_TITLE = "How long did it take for IVIG to make a difference for you?"
SEARCH_TERM = "ivig"

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
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--questions", type=int, default=5_000)
    parser.add_argument("--replies", type=int, default=50_000)
    parser.add_argument(
        "--hot-replies", type=int, default=200, help="replies on the one busy question"
    )
    parser.add_argument(
        "--inbox",
        type=int,
        default=5_000,
        help="notifications of the one member with a long notification list",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--explain", action="store_true", help="print the plan of each page's slowest query"
    )
    return parser.parse_args()


def main():
    args = parse_args()
    import django

    django.setup()

    from django.db import connection
    from django.test.utils import setup_test_environment

    # Production-like rendering (no template debug, no query log outside measurement),
    # the test client's host allowed, e-mail kept in memory.
    setup_test_environment(debug=False)

    with tempfile.TemporaryDirectory(prefix="askwell-bench-") as tmp:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        else:
            # Not the test runner's test_<name>: a test run may be using that one.
            connection.settings_dict["TEST"]["NAME"] = f"askwell_bench_{os.getpid()}"
        real_name = connection.settings_dict["NAME"]
        test_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            print(f"Database: {connection.vendor}, throwaway {test_name}")
            started = time.perf_counter()
            site = build_site(args)
            print(
                f"Built in {time.perf_counter() - started:.1f} s: {site['summary']}\n",
                flush=True,
            )
            rows = measure(site, runs=args.runs, explain=args.explain)
            print_table(rows, runs=args.runs)
        finally:
            connection.creation.destroy_test_db(real_name, verbosity=0)


# Data ----------------------------------------------------------------------------------


def build_site(args):
    from allauth.account.models import EmailAddress
    from django.apps import apps as django_apps
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from accounts.models import User
    from accounts.services import grant_moderator
    from articles.content import read_content_dir
    from articles.models import Article
    from articles.services import import_articles
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
    from markup.render import render_markdown

    rng = random.Random(args.seed)
    now = timezone.now()
    two_years = timedelta(days=730).total_seconds()

    import_articles(sources=read_content_dir())
    # The main article first: the busy question and the article page use it.
    articles = sorted(Article.objects.all(), key=lambda a: a.slug != "necrotizing-myopathy")
    categories = list(Category.objects.order_by("position"))

    # Nobody signs in with a password here (the clients use force_login), and hashing
    # 500 passwords would take minutes.
    with transaction.atomic():
        User.objects.bulk_create(
            User(
                username=f"member{n:04d}",
                email=f"member{n:04d}@example.org",
                password="!",  # unusable, like set_unusable_password()
                date_joined=now - timedelta(seconds=rng.uniform(0, two_years)),
            )
            for n in range(args.members)
        )
        members = list(User.objects.order_by("pk"))
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in members
        )
    moderator = User.objects.create(
        username="bench_moderator", email="mod@example.org", password="!"
    )
    grant_moderator(user=moderator)
    # The admin lets staff in only once they have an authenticator app.
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(moderator, generate_totp_secret())

    # A pool of bodies, each rendered once through the one markup pipeline.
    bodies = []
    for _ in range(60):
        body = "\n\n".join(rng.sample(SENTENCES, rng.randint(2, 5)))
        bodies.append((body, render_markdown(body)))

    def state_for(roll, pending, rejected):
        if roll < rejected:
            return Post.State.REJECTED
        if roll < rejected + pending:
            return Post.State.PENDING
        return Post.State.APPROVED

    topics, posts = [], []
    next_post_id = 1
    for topic_id in range(1, args.questions + 1):
        hot = topic_id == 1
        title = (
            HOT_TOPIC_TITLE
            if hot
            else f"{rng.choice(TITLE_STARTS)} {rng.choice(TITLE_SUBJECTS)}?"[:150]
        )
        created = now - timedelta(seconds=rng.uniform(3600, two_years))
        state = Post.State.APPROVED if hot else state_for(rng.random(), 0.04, 0.01)
        body, body_html = rng.choice(bodies)
        topics.append(
            Topic(
                id=topic_id,
                category=categories[0] if hot else rng.choice(categories),
                title=title,
                slug=slugify(title)[:80].strip("-"),
                article=articles[0] if hot or rng.random() < 0.06 else None,
                opening_post_id=next_post_id,
                created_at=created,
                last_activity_at=created,
            )
        )
        posts.append(
            Post(
                id=next_post_id,
                topic_id=topic_id,
                author=rng.choice(members),
                body=body,
                body_html=body_html,
                state=state,
                created_at=created,
                rejection_reason="Off topic." if state == Post.State.REJECTED else "",
            )
        )
        next_post_id += 1

    # Replies go to published questions only, a few questions getting most of them.
    published = [t for t, p in zip(topics, posts, strict=True) if p.state == Post.State.APPROVED]
    hot_topic = topics[0]
    others = published[1:]
    weights = [rng.paretovariate(1.2) for _ in others]
    targets = [hot_topic] * args.hot_replies + rng.choices(
        others, weights=weights, k=max(args.replies - args.hot_replies, 0)
    )
    for topic in targets:
        hot = topic is hot_topic
        span = (now - topic.created_at).total_seconds()
        created = topic.created_at + timedelta(seconds=rng.uniform(60, max(span, 61)))
        state = Post.State.APPROVED if hot else state_for(rng.random(), 0.03, 0.01)
        body, body_html = rng.choice(bodies)
        posts.append(
            Post(
                id=next_post_id,
                topic_id=topic.id,
                author=rng.choice(members),
                body=body,
                body_html=body_html,
                state=state,
                created_at=created,
                rejection_reason="Off topic." if state == Post.State.REJECTED else "",
            )
        )
        next_post_id += 1
        if state == Post.State.APPROVED:
            topic.reply_count += 1
            topic.last_activity_at = max(topic.last_activity_at, created)

    # Helpful marks: every reply on the busy question, a third of the others, from one
    # to a dozen members each (never their author).
    hot_member = members[0]
    votes = []
    replies = [p for p in posts[len(topics) :] if p.state == Post.State.APPROVED]
    for post in replies:
        hot = post.topic_id == hot_topic.id
        if not hot and rng.random() >= 0.33:
            continue
        voters = rng.sample(members, min(len(members), int(rng.paretovariate(1.5))))
        if hot and rng.random() < 0.5:
            voters.append(hot_member)
        voters = {v.pk: v for v in voters if v.pk != post.author_id}
        post.helpful_count = len(voters)
        votes.extend(
            HelpfulVote(post_id=post.id, member_id=pk, created_at=post.created_at) for pk in voters
        )

    # The answer that helped: on the busy question and on a third of the others that
    # have a reply by someone other than the asker.
    asker = {t.id: p.author_id for t, p in zip(topics, posts[: len(topics)], strict=True)}
    by_topic = {}
    for post in replies:
        if post.author_id != asker[post.topic_id]:
            by_topic.setdefault(post.topic_id, post)
    for topic in published:
        answer = by_topic.get(topic.id)
        if answer is not None and (topic is hot_topic or rng.random() < 0.33):
            topic.accepted_answer_id = answer.id

    # Follows: askers follow their questions (as ask_question does); the signed-in
    # member follows the busy question and a hundred others; each category has its
    # followers, the signed-in member among them.
    follows = {(asker[t.id], t.id) for t in topics}
    follows.add((hot_member.pk, hot_topic.id))
    follows.update((hot_member.pk, t.id) for t in rng.sample(topics, min(100, len(topics))))
    category_follows = {(hot_member.pk, c.id) for c in categories}
    for category in categories:
        category_follows.update(
            (m.pk, category.id) for m in rng.sample(members, min(40, len(members)))
        )

    # Notifications: each asker was told of the replies to their question (most read);
    # one member has a long list, a few hundred unread.
    notified = {}
    for post in replies:
        recipient = asker[post.topic_id]
        if recipient != post.author_id:
            read = post.created_at if rng.random() < 0.8 else None
            notified[(recipient, post.id)] = (post.created_at, read)
    inbox_member = members[1]
    inbox = [p for p in replies if p.author_id != inbox_member.pk]
    for n, post in enumerate(rng.sample(inbox, min(args.inbox, len(inbox)))):
        read = None if n < 300 else post.created_at
        notified[(inbox_member.pk, post.id)] = (post.created_at, read)
    notifications = [
        Notification(
            recipient_id=recipient,
            post_id=post_id,
            reason=Notification.Reason.REPLY,
            created_at=created,
            read_at=read,
            emailed_at=created,
        )
        for (recipient, post_id), (created, read) in notified.items()
    ]

    # Open flags (fewer than it takes to hide a post): two by the signed-in member on
    # the busy question, a few hundred by others elsewhere for the moderators' list.
    hot_replies = [p for p in replies if p.topic_id == hot_topic.id]
    flagged = [(p, hot_member) for p in hot_replies[1:3]]
    flagged += [
        (p, rng.choice(members[1:] or members))
        for p in rng.sample(replies, min(300, len(replies)))
        if p.topic_id != hot_topic.id
    ]
    flags = {
        (post.id, flagger.pk): Flag(
            post_id=post.id, flagger_id=flagger.pk, reason=Flag.Reason.MISINFORMATION
        )
        for post, flagger in flagged
        if post.author_id != flagger.pk
    }.values()

    with transaction.atomic():
        # Topic and opening post point at each other; the foreign keys are checked at
        # commit, so both tables can be filled in one transaction.
        Topic.objects.bulk_create(topics, batch_size=1000)
        Post.objects.bulk_create(posts, batch_size=1000)
        HelpfulVote.objects.bulk_create(votes, batch_size=1000)
        TopicSubscription.objects.bulk_create(
            (TopicSubscription(member_id=m, topic_id=t) for m, t in follows), batch_size=1000
        )
        CategorySubscription.objects.bulk_create(
            (CategorySubscription(member_id=m, category_id=c) for m, c in category_follows),
            batch_size=1000,
        )
        Notification.objects.bulk_create(notifications, batch_size=1000)
        Flag.objects.bulk_create(flags, batch_size=1000)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Topic, Post]):
                cursor.execute(sql)
        # Bulk inserts skip forum.lifecycle; count the categories as the migration does.
        importlib.import_module(
            "forum.migrations.0004_category_counters_topic_activity_index"
        ).count_published(django_apps, schema_editor=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    pending = Post.objects.filter(state=Post.State.PENDING).count()
    answered = sum(1 for t in topics if t.accepted_answer_id)
    summary = (
        f"{len(categories)} categories, {len(topics):,} questions ({answered:,} answered), "
        f"{len(posts) - len(topics):,} replies, {len(members):,} members, "
        f"{pending:,} posts pending, {len(votes):,} helpful marks, "
        f"{len(follows) + len(category_follows):,} follows, "
        f"{len(notifications):,} notifications, {len(flags):,} open flags"
    )
    return {
        "summary": summary,
        "member": hot_member,
        "inbox_member": inbox_member,
        "moderator": moderator,
        "hot_topic": Topic.objects.select_related("category").get(pk=hot_topic.id),
        "category": categories[1],
        "article": articles[0],
    }


# Measuring -----------------------------------------------------------------------------


def pages(site):
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser

    from forum.models import Topic
    from forum.notifications.inbox import visible_notifications
    from forum.views.notifications import NOTIFICATIONS_PER_PAGE

    def last_page(count, per_page):
        return max(1, -(-count // per_page))

    category = site["category"]
    listed = Topic.objects.visible_to(AnonymousUser()).listed().filter(category=category)
    deep = last_page(listed.count(), settings.ASKWELL_TOPICS_PER_PAGE)
    deep_unanswered = last_page(listed.unanswered().count(), settings.ASKWELL_TOPICS_PER_PAGE)
    unanswered = f"{category.get_absolute_url()}?show=unanswered"
    hot = site["hot_topic"].get_absolute_url()
    hot_last = last_page(site["hot_topic"].reply_count, settings.ASKWELL_POSTS_PER_PAGE)
    replies = site["hot_topic"].reply_count
    inbox = visible_notifications(site["inbox_member"])
    inbox_total = inbox.count()
    inbox_unread = inbox.filter(read_at__isnull=True).count()
    inbox_last = last_page(inbox_total, NOTIFICATIONS_PER_PAGE)
    return [
        ("home", "/", None),
        ("forum index", "/forum/", None),
        ("category, page 1", category.get_absolute_url(), None),
        (f"category, page {deep} (last)", f"{category.get_absolute_url()}?page={deep}", None),
        ("category, unanswered, page 1", unanswered, None),
        (
            f"category, unanswered, page {deep_unanswered} (last)",
            f"{unanswered}&page={deep_unanswered}",
            None,
        ),
        (f"question ({replies} replies), page 1", hot, None),
        (f"question ({replies} replies), page {hot_last}", f"{hot}?page={hot_last}", None),
        ("question, most helpful first", f"{hot}?sort=helpful", None),
        ("article", site["article"].get_absolute_url(), None),
        (f"search “{SEARCH_TERM}”", f"/search/?q={SEARCH_TERM}", None),
        ("home, as a member", "/", "member"),
        ("forum index, as a member", "/forum/", "member"),
        ("category, page 1, as a member", category.get_absolute_url(), "member"),
        ("category, unanswered, as a member", unanswered, "member"),
        ("question, page 1, as a member", hot, "member"),
        (f"question, page {hot_last}, as a member", f"{hot}?page={hot_last}", "member"),
        ("question, most helpful first, as a member", f"{hot}?sort=helpful", "member"),
        ("ask form, as a member", "/forum/ask/", "member"),
        (f"home, as a member with {inbox_unread} unread", "/", "inbox"),
        (f"notifications ({inbox_total:,}), page 1", "/forum/notifications/", "inbox"),
        (
            f"notifications, page {inbox_last} (last)",
            f"/forum/notifications/?page={inbox_last}",
            "inbox",
        ),
        ("moderation queue (admin)", "/admin/forum/pendingpost/", "moderator"),
    ]


def measure(site, *, runs, explain):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {None: Client()}
    for who in ("member", "inbox", "moderator"):
        clients[who] = Client()
        clients[who].force_login(site["inbox_member" if who == "inbox" else who])

    rows = []
    for label, url, who in pages(site):
        client = clients[who]
        for _ in range(2):  # warm caches (templates, URL resolver, SQLite pages)
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
        # The same queries run on every request; keep each one's best time over a few
        # requests, so that one unlucky request does not pick the "slowest query".
        queries = None
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            current = [(q["sql"], float(q["time"]) * 1000) for q in captured.captured_queries]
            if queries is None or len(current) != len(queries):
                queries = current
            else:
                queries = [
                    (sql, min(ms, best))
                    for (sql, ms), (_, best) in zip(current, queries, strict=True)
                ]
        slowest = max(queries, key=lambda q: q[1], default=None)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "label": label,
                "median": statistics.median(timings),
                "p95": percentile(timings, 95),
                "queries": len(queries),
                "slowest_ms": slowest[1] if slowest else 0.0,
                "kb": len(response.content) / 1024,
            }
        )
        if explain and slowest:
            print_plan(label, slowest[0])
    return rows


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def print_plan(label, sql):
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        plan = [" | ".join(str(col) for col in row) for row in cursor.fetchall()]
    print(f"-- {label}: slowest query\n{sql}\n" + "\n".join(f"   {line}" for line in plan) + "\n")


def print_table(rows, *, runs):
    width = max(len(row["label"]) for row in rows)
    header = (
        f"{'page':<{width}}  {'median ms':>9}  {'p95 ms':>7}  {'queries':>7}  "
        f"{'slowest SQL ms':>14}  {'KB':>5}"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{runs} timed requests per page (Django test client, DEBUG off); "
        f"load average {load} on {os.cpu_count()} CPUs\n"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['label']:<{width}}  {row['median']:>9.1f}  {row['p95']:>7.1f}  "
            f"{row['queries']:>7}  {row['slowest_ms']:>14.1f}  {row['kb']:>5.0f}"
        )


if __name__ == "__main__":
    main()
