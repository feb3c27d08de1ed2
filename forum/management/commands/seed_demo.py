from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import grant_moderator
from articles.models import Article
from forum import services
from forum.models import Category, Post, Topic

DEMO_PASSWORD = "askwell-demo-2026"
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


class Command(BaseCommand):
    help = _("Load demo members, a moderator, questions and replies. Safe to run again.")

    def handle(self, *args, **options):
        if not Article.objects.exists():
            raise CommandError(_("Import the articles first: manage.py import_articles"))
        with transaction.atomic():
            moderator = self._member(MODERATOR)
            if not moderator.is_moderator():
                grant_moderator(user=moderator)
                moderator = User.objects.get(pk=moderator.pk)
            created = 0
            for question in QUESTIONS:
                created += self._question(moderator, *question)
        self.stdout.write(
            _("Demo data: %(created)d new questions, %(total)d in all.")
            % {"created": created, "total": Topic.objects.count()}
        )
        if settings.DEBUG:
            self.stdout.write(
                _(
                    "Demo moderator: sign in at /admin/ as “%(user)s” with password "
                    "“%(password)s”. Members (%(members)s) use the same password."
                )
                % {"user": MODERATOR, "password": DEMO_PASSWORD, "members": ", ".join(MEMBERS)}
            )

    def _member(self, username):
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
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
            services.approve_post(post=post, moderator=moderator)
        else:
            services.reject_post(
                post=post, moderator=moderator, reason=decision.removeprefix("reject: ")
            )

    def _question(self, moderator, author, category, article, title, body, decision, replies):
        if Topic.objects.filter(title=title).exists():
            return 0
        topic = services.ask_question(
            author=self._member(author),
            category=Category.objects.get(slug=category),
            title=title,
            body=body,
            article=Article.objects.filter(slug=article).first() if article else None,
        )
        self._decide(topic.opening_post, decision, moderator)
        topic.refresh_from_db()
        for reply_author, reply_body, reply_decision in replies:
            post = services.reply_to_topic(
                author=self._member(reply_author), topic=topic, body=reply_body
            )
            self._decide(post, reply_decision, moderator)
        return 1
