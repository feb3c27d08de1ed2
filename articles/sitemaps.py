from django.contrib.sitemaps import Sitemap

from .models import Article


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.defer("body", "body_html")

    def lastmod(self, item):
        return item.updated_at
