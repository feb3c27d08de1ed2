from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from markup.fields import RenderedMarkupField


class ArticleQuerySet(models.QuerySet):
    def search(self, query):
        return self.filter(
            models.Q(title__icontains=query)
            | models.Q(summary__icontains=query)
            | models.Q(body__icontains=query)
        )


class Article(models.Model):
    """A medical article, imported from a content file in articles/content/."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    published_on = models.DateField(_("published on"))
    body = models.TextField(_("body (Markdown)"))
    body_html = RenderedMarkupField(_("body (sanitized HTML)"), source="body")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})


class ArticleSearchDocument(models.Model):
    """An article's full-text search vector on PostgreSQL (title, summary, text by
    weight), written by articles.search.index_articles; SQLite keeps an FTS5 table
    instead (articles_article_fts)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    document = SearchVectorField(null=True)

    class Meta:
        db_table = "articles_article_search"
        verbose_name = _("article search document")

    def __str__(self):
        return str(self.pk)


class SearchWord(models.Model):
    """A word that published text on the site contains (articles, questions and
    replies), the vocabulary "Did you mean …?" chooses from (trigram-indexed on
    PostgreSQL). Words are only added; a suggestion is offered only when searching for
    it finds something a reader may see."""

    word = models.CharField(_("word"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("search word")

    def __str__(self):
        return self.word
