from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from articles.search import index_articles
from forum.search.index import rebuild_index


class Command(BaseCommand):
    help = _(
        "Rewrite the search index of every article and published question, and the "
        "words Did you mean suggests, from what is published now. Safe to run at any time."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            index_articles()
            rebuild_index()
        self.stdout.write(_("The search index is up to date."))
