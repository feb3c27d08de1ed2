from contextlib import suppress

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import grant_moderator
from accounts.usernames import stored_skeleton
from articles.models import Article
from forum import answers, asking, flags
from forum.errors import Refused
from forum.models import Category, Flag, Post, Topic
from forum.notifications import follows, inbox
from moderation import posts

DEMO_PASSWORD = "askwell-demo-2026"
# The demo moderator's authenticator-app secret (base32), so that anyone running the
# demo can make its codes: moderators need a second factor for the admin. Printed, like
# the password, only in DEBUG.
DEMO_TOTP_SECRET = "ASKWELLDEMOMODERATORTOTPSECRET23"
MODERATOR = "maria_moderates"
MEMBERS = ["amelia_r", "ben_walks", "carer_chris", "dana_k"]

# (author, category slug, article slug or None, title, body, decision, replies)
# decision: "approve", "reject: <reason>" or "pending"; replies: (author, body, decision)
QUESTIONS = [
    (
        "amelia_r",
        "treatments-and-medication",
        "necrotizing-myopathy",
        "How long did it take for IVIG to make a difference for you?",
        "I was diagnosed with necrotizing myopathy in spring and started on steroids and "
        "immunoglobulin (IVIG) six weeks ago. My CK is coming down slowly but I still "
        "can't climb the stairs at home without stopping.\n\nFor those of you who had "
        "IVIG: **how long** before you noticed your strength coming back?",
        "approve",
        [
            (
                "carer_chris",
                "My wife had monthly infusions. Her CK dropped first; she only felt "
                "stronger after about four months. Keep a simple diary of what you can "
                "do each week, it helped us see progress we would otherwise have missed.",
                "approve",
            ),
            (
                "ben_walks",
                "For me it was closer to three months. Please ask your neurologist "
                "about physiotherapy too, it made a real difference once the "
                "inflammation settled.",
                "pending",
            ),
            (
                "ben_walks",
                "Once my CK was down I simply stopped the steroids on my own and felt "
                "fine. You don't really need them after the first few months.",
                "approve",
            ),
        ],
    ),
    (
        "amelia_r",
        "diagnosis-and-tests",
        "necrotizing-myopathy-symptoms",
        "Is a CK of 4,000 high enough to need a muscle biopsy?",
        "My GP found a CK of about 4,000 after I mentioned weak thighs and trouble "
        "getting up from chairs. I take a statin. The neurologist wants a biopsy. Has "
        "anyone had one, and what was it like?",
        "approve",
        [
            (
                "dana_k",
                "I had a thigh biopsy under local anaesthetic. It was sore for a week "
                "but nothing worse. It was the test that finally gave us an answer, so "
                "I was glad I had it.",
                "approve",
            ),
        ],
    ),
    (
        "carer_chris",
        "living-with-a-condition",
        None,
        "Small changes at home that helped with weak legs?",
        "We have put a rail by the stairs and a raised seat in the bathroom. What else "
        "made everyday life easier for you or the person you care for?",
        "approve",
        [
            (
                "amelia_r",
                "A perching stool in the kitchen! I can cook again without standing "
                "the whole time.",
                "approve",
            ),
        ],
    ),
    (
        "ben_walks",
        "muscle-and-nerve-conditions",
        "necrotizing-myopathy",
        "Could my statin really have caused this?",
        "I read that statins can trigger necrotizing myopathy. I stopped mine months "
        "ago but my muscles are still weak. Does the weakness carry on even after "
        "stopping the statin?",
        "pending",
        [],
    ),
    (
        "dana_k",
        "treatments-and-medication",
        None,
        "BUY CHEAP STEROIDS ONLINE NO PRESCRIPTION!!!",
        "Best prices, fast shipping, visit my site today for a discount on everything.",
        "reject: Advertising and selling medicines is not allowed on Askwell.",
        [],
    ),
]


# What members did with the published posts: (member, question title, reply author).
HELPFUL_MARKS = [
    ("amelia_r", QUESTIONS[0][3], "carer_chris"),
    ("ben_walks", QUESTIONS[0][3], "carer_chris"),
    ("carer_chris", QUESTIONS[1][3], "dana_k"),
    ("amelia_r", QUESTIONS[1][3], "dana_k"),
    ("ben_walks", QUESTIONS[2][3], "amelia_r"),
]
# (asker, question title, author of the reply that helped)
ACCEPTED_ANSWERS = [("amelia_r", QUESTIONS[1][3], "dana_k")]
# (member, category slug): askers already follow their own questions.
CATEGORY_FOLLOWS = [("amelia_r", "living-with-a-condition")]
# (member, question title, reply author, reason, detail): fewer than it takes to hide.
FLAGS = [
    (
        "carer_chris",
        QUESTIONS[0][3],
        "ben_walks",
        Flag.Reason.MISINFORMATION,
        "Stopping steroids without the neurologist can bring the weakness back.",
    ),
]


class Command(BaseCommand):
    help = _(
        "Load demo members, a moderator, questions and replies, with helpful marks, an "
        "answer that helped, follows, notifications and a flag. Safe to run again."
    )

    def handle(self, *args, **options):
        if not Article.objects.exists():
            raise CommandError(_("Import the articles first: manage.py import_articles"))
        with transaction.atomic():
            moderator = self._member(MODERATOR)
            if not moderator.is_moderator():
                grant_moderator(user=moderator)
                moderator = User.objects.get(pk=moderator.pk)
            if not is_mfa_enabled(moderator, [Authenticator.Type.TOTP]):
                TOTP.activate(moderator, DEMO_TOTP_SECRET)
            created = 0
            for question in QUESTIONS:
                created += self._question(moderator, *question)
            self._activity()
        self.stdout.write(
            _("Demo data: %(created)d new questions, %(total)d in all.")
            % {"created": created, "total": Topic.objects.count()}
        )
        if settings.DEBUG:
            self.stdout.write(
                _(
                    "Demo moderator: sign in at %(admin)s as “%(user)s” with password "
                    "“%(password)s”. Members (%(members)s) use the same password."
                )
                % {
                    "admin": reverse("admin:index"),
                    "user": MODERATOR,
                    "password": DEMO_PASSWORD,
                    "members": ", ".join(MEMBERS),
                }
            )
            self.stdout.write(
                _(
                    "The demo moderator's authenticator app secret is %(secret)s: add it "
                    "to an authenticator app (or run `oathtool --totp -b %(secret)s`) for "
                    "the code asked after the password. Recovery codes can be made at "
                    "%(mfa)s once signed in."
                )
                % {"secret": DEMO_TOTP_SECRET, "mfa": reverse("mfa_index")}
            )

    def _member(self, username):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "username_skeleton": stored_skeleton(username),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    def _decide(self, post, decision, moderator):
        if post.state != Post.State.PENDING or decision == "pending":
            return
        if decision == "approve":
            posts.approve_post(post=post, moderator=moderator)
        else:
            posts.reject_post(
                post=post, moderator=moderator, reason=decision.removeprefix("reject: ")
            )

    def _question(self, moderator, author, category, article, title, body, decision, replies):
        if Topic.objects.filter(title=title).exists():
            return 0
        topic = asking.ask_question(
            author=self._member(author),
            category=Category.objects.get(slug=category),
            title=title,
            body=body,
            article=Article.objects.filter(slug=article).first() if article else None,
            acknowledged=True,
        )
        self._decide(topic.opening_post, decision, moderator)
        topic.refresh_from_db()
        for reply_author, reply_body, reply_decision in replies:
            post = asking.reply(
                author=self._member(reply_author), topic=topic, body=reply_body, acknowledged=True
            )
            self._decide(post, reply_decision, moderator)
        return 1

    def _reply(self, title, author):
        """The first published reply by `author` on the demo question `title`, or None."""
        return (
            Post.objects.approved()
            .filter(topic__title=title, author__username=author)
            .exclude(pk=F("topic__opening_post"))
            .select_related("topic__opening_post")
            .order_by("created_at", "pk")
            .first()
        )

    def _activity(self):
        """Helpful marks, an answer that helped, follows, notifications and a flag.
        Each is skipped when it is there already, or when what it needs has changed
        since (a reply removed or rejected on the demo site, say)."""
        for member, title, author in HELPFUL_MARKS:
            post = self._reply(title, author)
            if post is not None:
                with suppress(Refused):
                    answers.mark_helpful(post=post, member=self._member(member))
        for asker, title, author in ACCEPTED_ANSWERS:
            post = self._reply(title, author)
            if post is not None and post.topic.accepted_answer_id is None:
                with suppress(Refused):
                    answers.accept_answer(post=post, member=self._member(asker))
        for member, slug in CATEGORY_FOLLOWS:
            follows.follow_category(
                member=self._member(member), category=Category.objects.get(slug=slug)
            )
        for member, title, author, reason, detail in FLAGS:
            post = self._reply(title, author)
            flagger = self._member(member)
            # Flagged once: a flag a moderator has since resolved is not raised again.
            if post is None or Flag.objects.filter(post=post, flagger=flagger).exists():
                continue
            with suppress(Refused):
                flags.flag_post(post=post, flagger=flagger, reason=reason, detail=detail)
        # Followers are told of new posts by a background task; tell them here as well,
        # so that the demo shows notifications before a worker has run. A follower is
        # notified once per post, however often this runs.
        demo_posts = Post.objects.filter(
            topic__title__in=[question[3] for question in QUESTIONS],
            state=Post.State.APPROVED,
        ).order_by("created_at", "pk")
        for post_id in demo_posts.values_list("pk", flat=True):
            inbox.create_notifications(post_id=post_id)
