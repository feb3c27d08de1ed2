from django.shortcuts import get_object_or_404, render

from forum.models import Topic

from .models import Article

QUESTIONS_ON_ARTICLE_PAGE = 10


def article_list(request):
    articles = Article.objects.defer("body", "body_html")
    return render(request, "articles/article_list.html", {"articles": articles})


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    questions = (
        Topic.objects.visible_to(request.user)
        .listed()
        .filter(article=article)
        .for_listing()[:QUESTIONS_ON_ARTICLE_PAGE]
    )
    return render(
        request, "articles/article_detail.html", {"article": article, "questions": questions}
    )
