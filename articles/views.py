from django.shortcuts import get_object_or_404, render

from .models import Article


def article_list(request):
    articles = Article.objects.defer("body", "body_html")
    return render(request, "articles/article_list.html", {"articles": articles})


def article_detail(request, slug):
    # The questions members asked about it are the forum's to list (its
    # questions_about template tag).
    article = get_object_or_404(Article, slug=slug)
    return render(request, "articles/article_detail.html", {"article": article})
