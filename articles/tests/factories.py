import datetime

import factory

from articles.content import read_content_dir
from articles.models import Article
from articles.search import index_articles
from articles.services import import_articles
from markup.render import render_markdown


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "A short summary of the article."
    published_on = datetime.date(2026, 11, 21)
    body = "## A heading\n\nSome text about muscles."
    body_html = factory.LazyAttribute(lambda a: render_markdown(a.body))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written straight to the table, then indexed as the import would.
        article = super()._create(model_class, *args, **kwargs)
        index_articles([article.pk])
        return article


def import_site_articles():
    """The site's own articles (articles/content/), imported as `import_articles` does.

    Returns them by slug.
    """
    import_articles(sources=read_content_dir())
    return {article.slug: article for article in Article.objects.all()}
