from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from config.datagen import Sizes, generate


class Command(BaseCommand):
    help = _(
        "Add a large generated forum (members, questions, replies, helpful marks, follows, "
        "notifications, flags) with bulk inserts, for benchmarks. Never on a real site."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        for name in ("members", "questions", "replies", "busy_replies", "inbox", "seed"):
            parser.add_argument(
                f"--{name.replace('_', '-')}", type=int, default=getattr(defaults, name)
            )

    def handle(self, *args, **options):
        sizes = Sizes(
            **{name: options[name] for name in Sizes.__dataclass_fields__ if name in options}
        )
        generated = generate(sizes)
        self.stdout.write(_("Generated: %(summary)s.") % {"summary": generated.summary()})
