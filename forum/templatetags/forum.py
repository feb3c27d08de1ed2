"""What the forum adds to other apps' pages: an article page's questions from members
(so that the article app asks nothing of the forum)."""

from django import template

from ..models import Topic

register = template.Library()

QUESTIONS_ON_ARTICLE_PAGE = 10


@register.inclusion_tag("forum/includes/article_questions.html", takes_context=True)
def questions_about(context, article):
    """The latest questions asked about `article` that the viewer may open."""
    user = context["request"].user
    questions = (
        Topic.objects.visible_to(user)
        .listed()
        .filter(article=article)
        .for_listing()[:QUESTIONS_ON_ARTICLE_PAGE]
    )
    return {"questions": questions}
