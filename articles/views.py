from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Article
from .pages import get_page


def article_list(request):
    articles = Article.objects.defer("body", "body_html")
    return render(request, "articles/article_list.html", {"articles": articles})


def article_detail(request, slug):
    # The questions members asked about it are the forum's to list (its
    # questions_about template tag).
    article = get_object_or_404(Article, slug=slug)
    return render(request, "articles/article_detail.html", {"article": article})


def site_page(request, slug):
    """One of the site's rules pages, from its content file (articles.pages)."""
    page = get_page(slug)
    if page is None:
        raise Http404
    return render(request, "articles/site_page.html", {"page": page})
