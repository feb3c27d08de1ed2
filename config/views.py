from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from articles.models import Article
from forum.models import Topic
from forum.requests import checks_own_input
from forum.search.engine import search_site
from forum.search.query import parse

from .search import SearchForm


def home(request):
    articles = Article.objects.defer("body", "body_html")
    questions = Topic.objects.visible_to(request.user).listed().for_listing()[:8]
    return render(request, "home.html", {"articles": articles, "questions": questions})


@checks_own_input
def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    context = {"form": form, "query": form.query, "error": "", "results": None}
    if "q" in form.errors:
        context["error"] = form.errors["q"][0]
    elif form.query and not parse(form.query):
        context["error"] = _(
            "Your search has no words to look for: try the names of symptoms, treatments or tests."
        )
    elif form.query:
        context["results"] = search_site(
            form.query,
            user=request.user,
            page=request.GET.get("page"),
            per_page=settings.ASKWELL_TOPICS_PER_PAGE,
            **form.filters(),
        )
    context["filter_errors"] = form.filter_errors()
    return render(request, "search.html", context)
