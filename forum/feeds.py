from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Topic


class LatestQuestionsFeed(Feed):
    title = _("Askwell: latest questions")
    link = reverse_lazy("forum:index")
    description = _("The newest questions published on the Askwell members' forum.")

    def items(self):
        return (
            Topic.objects.visible_to(AnonymousUser())
            .listed()
            .for_listing()
            .order_by("-created_at")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.opening_post.body_html

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.asker_display
