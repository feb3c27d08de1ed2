"""
RSS and Atom feeds: the latest questions, the latest questions of one category, and
one question's latest replies. Feed readers are anonymous: every feed holds only what
an anonymous reader may see (`visible_to(AnonymousUser())`), authors named as the site
names them (Post.display_author: "Anonymous member", "Former member").
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Category, Post, Topic

ITEMS = 30


def _published_questions():
    return Topic.objects.visible_to(AnonymousUser()).listed().for_listing()


class LatestQuestionsFeed(Feed):
    title = gettext_lazy("Askwell: latest questions")
    link = reverse_lazy("forum:index")
    description = gettext_lazy("The newest questions published on the Askwell members' forum.")
    feed_url = reverse_lazy("forum:feed")

    def items(self):
        return _published_questions().order_by("-created_at", "-pk")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.opening_post.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"askwell-question-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_activity_at

    def item_author_name(self, item):
        return item.asker_display

    def item_categories(self, item):
        return [item.category.name]


class LatestQuestionsAtomFeed(LatestQuestionsFeed):
    feed_type = Atom1Feed
    subtitle = LatestQuestionsFeed.description
    feed_url = reverse_lazy("forum:feed-atom")


class CategoryQuestionsFeed(LatestQuestionsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return _("Askwell: latest questions in %(category)s") % {"category": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or self.title(obj)

    def feed_url(self, obj):
        return reverse("forum:feed-category", kwargs={"slug": obj.slug})

    def items(self, obj):
        return _published_questions().filter(category=obj).order_by("-created_at", "-pk")[:ITEMS]


class CategoryQuestionsAtomFeed(CategoryQuestionsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)

    def feed_url(self, obj):
        return reverse("forum:feed-category-atom", kwargs={"slug": obj.slug})


class QuestionRepliesFeed(Feed):
    """A published question's latest published replies, each linked to the page of
    the question that shows it."""

    def get_object(self, request, pk):
        return get_object_or_404(_published_questions(), pk=pk)

    def title(self, obj):
        return _("Askwell: replies to “%(question)s”") % {"question": obj.title}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("The newest replies to a question on the Askwell members' forum.")

    def feed_url(self, obj):
        return reverse("forum:feed-question", kwargs={"pk": obj.pk})

    def items(self, obj):
        # What an anonymous reader sees of the thread, newest first; the placeholders of
        # removed replies take their place in the pages but are not items.
        shown = (
            Post.objects.visible_to(AnonymousUser())
            .filter(topic=obj)
            .exclude(pk=obj.opening_post_id)
        )
        total = shown.count()
        newest = list(shown.select_related("author").order_by("-created_at", "-pk")[:ITEMS])
        per_page = settings.ASKWELL_POSTS_PER_PAGE
        url = obj.get_absolute_url()
        items = []
        for position, post in enumerate(newest):
            if post.state != Post.State.APPROVED:
                continue
            page = (total - 1 - position) // per_page + 1
            post.feed_link = (
                f"{url}?page={page}#post-{post.pk}" if page > 1 else (f"{url}#post-{post.pk}")
            )
            post.feed_question = obj
            items.append(post)
        return items

    def item_title(self, item):
        return _("%(author)s on “%(question)s”") % {
            "author": item.display_author,
            "question": item.feed_question.title,
        }

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return item.feed_link

    def item_guid(self, item):
        return f"askwell-post-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.published_at or item.created_at

    def item_author_name(self, item):
        return item.display_author


class QuestionRepliesAtomFeed(QuestionRepliesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)

    def feed_url(self, obj):
        return reverse("forum:feed-question-atom", kwargs={"pk": obj.pk})
