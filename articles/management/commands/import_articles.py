from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.content import CONTENT_DIR, ContentError, read_content_dir
from articles.services import import_articles


class Command(BaseCommand):
    help = _("Import the article content files (Markdown with front matter), by slug.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=CONTENT_DIR,
            help=_("Folder of *.md content files (default: articles/content)."),
        )

    def handle(self, *args, **options):
        try:
            sources = read_content_dir(options["dir"])
        except ContentError as error:
            raise CommandError(_("Nothing imported. %(error)s") % {"error": error}) from error
        if not sources:
            raise CommandError(
                _("Nothing imported: no *.md files in %(dir)s") % {"dir": options["dir"]}
            )
        report = import_articles(sources=sources)
        self.stdout.write(
            _("Articles: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
            }
        )
