from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from articles import generations
from markup.fields import rendered_fields


class Command(BaseCommand):
    help = _(
        "Render all stored Markdown again (articles, posts, moderators' notes: every "
        "RenderedMarkupField), after the markup pipeline or its allowlist changed."
    )

    def handle(self, *args, **options):
        total = 0
        for model, field in rendered_fields():
            changed = 0
            with transaction.atomic():
                rows = model._default_manager.only("pk", field.source, field.attname)
                for obj in rows.iterator(chunk_size=500):
                    html = field.render(getattr(obj, field.source))
                    if html != getattr(obj, field.attname):
                        model._default_manager.filter(pk=obj.pk).update(**{field.attname: html})
                        changed += 1
            total += changed
            self.stdout.write(
                _("%(model)s, %(field)s: %(count)d re-rendered")
                % {"model": model._meta.verbose_name_plural, "field": field.name, "count": changed}
            )
        if total:
            # Every page kept for visitors was built from the HTML stored before.
            generations.bump(generations.MARKUP)
