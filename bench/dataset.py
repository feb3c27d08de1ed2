"""
The benchmark's forum: members, questions and replies (a few questions getting most of
the replies), helpful marks, answers that helped, follows, notifications and open
flags, written with bulk inserts into the throwaway database bench/pages.py makes.
"""

import importlib
import random
from datetime import timedelta

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
