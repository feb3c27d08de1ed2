"""What the forum adds to other apps' pages: an article page's questions from members
(so that the article app asks nothing of the forum)."""

from django import template

from ..models import Topic
from ..permissions import PostActions

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


@register.filter
def actions_for(post, viewer):
    """What `viewer` (a forum.permissions.Viewer) may do to `post`:
    {% with can=post|actions_for:viewer %}."""
    return PostActions(post, viewer)


@register.filter
def flaggable_by(post, user):
    """Whether `user` is offered the flag link on `post` (Post.may_be_flagged_by)."""
    return post.may_be_flagged_by(user)
