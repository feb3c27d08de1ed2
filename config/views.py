from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from articles.models import Article
from forum.models import Topic
from forum.requests import checks_own_input

SEARCH_MAX_LENGTH = 200
SEARCH_MIN_LENGTH = 2


def home(request):
    articles = Article.objects.defer("body", "body_html")
    questions = Topic.objects.visible_to(request.user).listed().for_listing()[:8]
    return render(request, "home.html", {"articles": articles, "questions": questions})


@checks_own_input
def search(request):
    query = " ".join(request.GET.get("q", "").split())
    context = {"query": query, "error": "", "articles": [], "page": None}
    if "\x00" in query:
        # PostgreSQL text cannot hold a null character, so such a search would fail there.
        context["error"] = _("Your search contains characters that cannot be searched for.")
    elif len(query) > SEARCH_MAX_LENGTH:
        context["error"] = _(
            "Please search for at most %(max)d characters; your search has %(length)d."
        ) % {"max": SEARCH_MAX_LENGTH, "length": len(query)}
    elif query and len(query) < SEARCH_MIN_LENGTH:
        context["error"] = _("Please type at least %(min)d characters.") % {
            "min": SEARCH_MIN_LENGTH
        }
    elif query:
        context["articles"] = Article.objects.search(query).defer("body", "body_html")[:10]
        topics = Topic.objects.visible_to(request.user).listed().search(query).for_listing()
        context["page"] = Paginator(topics, settings.ASKWELL_TOPICS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(request, "search.html", context)
