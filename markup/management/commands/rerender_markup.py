from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article
from forum.models import Post
from markup.render import render_markdown


class Command(BaseCommand):
    help = _("Render every article and post again, after the markup allowlist changed.")

    def handle(self, *args, **options):
        for model in (Article, Post):
            changed = 0
            with transaction.atomic():
                for obj in model.objects.only("pk", "body", "body_html").iterator(chunk_size=500):
                    html = render_markdown(obj.body)
                    if html != obj.body_html:
                        model.objects.filter(pk=obj.pk).update(body_html=html)
                        changed += 1
            self.stdout.write(
                _("%(model)s: %(count)d re-rendered")
                % {"model": model._meta.verbose_name_plural, "count": changed}
            )
