from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from .models import Category, Topic


class CategorySitemap(Sitemap):
    def items(self):
        return Category.objects.all()

    def lastmod(self, item):
        # Kept by forum.counters: the last published activity in the category.
        return item.last_activity_at


class TopicSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Topic.objects.visible_to(AnonymousUser()).listed().for_listing()

    def lastmod(self, item):
        return item.last_activity_at
