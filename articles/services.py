from dataclasses import dataclass, field

from django.db import transaction

from markup.render import render_markdown

from .generations import article_changed
from .models import Article
from .search import index_articles


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


@transaction.atomic
def import_articles(*, sources):
    """
    Create or update one Article per parsed content file, matched by slug.

    Runs in one transaction: either every article is written or none is. Written
    articles are indexed for search in the same transaction, and their pages (and
    the lists of articles) are built afresh for the next reader (config.pagecache).
    """
    report = ImportReport()
    existing = Article.objects.in_bulk([s.slug for s in sources], field_name="slug")
    for source in sources:
        values = {
            "title": source.title,
            "summary": source.summary,
            "published_on": source.published_on,
            "body": source.body,
            "body_html": render_markdown(source.body),
        }
        article = existing.get(source.slug)
        if article is None:
            Article.objects.create(slug=source.slug, **values)
            report.created.append(source.slug)
        elif any(getattr(article, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(article, name, value)
            article.save()
            report.updated.append(source.slug)
        else:
            report.unchanged.append(source.slug)
    written = report.created + report.updated
    for slug in written:
        article_changed(slug)
    if written:
        index_articles(Article.objects.filter(slug__in=written).values_list("pk", flat=True))
    return report
