"""What the forum adds to other apps' pages: an article page's questions from members
and questions like it (so that the article app asks nothing of the forum); related
questions on a question's page."""

from django import template

from ..models import Topic
from ..permissions import PostActions
from ..similar import related_questions as related_to_topic
from ..similar import similar_questions

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


RELATED_QUESTIONS = 5


@register.inclusion_tag("includes/related_questions.html")
def related_questions(topic):
    """Other published questions like `topic` (the search engine's, by its title)."""
    return {
        "questions": related_to_topic(topic, RELATED_QUESTIONS),
        "heading_id": "related-questions",
    }


@register.inclusion_tag("includes/related_questions.html")
def questions_like_article(article):
    """Published questions like `article` (by its title), other than those asked about
    it, which questions_about lists."""
    return {
        "questions": similar_questions(article.title, RELATED_QUESTIONS, not_about=article),
        "heading_id": "similar-questions",
    }


@register.filter
def actions_for(post, viewer):
    """What `viewer` (a forum.permissions.Viewer) may do to `post`:
    {% with can=post|actions_for:viewer %}."""
    return PostActions(post, viewer)


@register.filter
def flaggable_by(post, user):
    """Whether `user` is offered the flag link on `post` (Post.may_be_flagged_by)."""
    return post.may_be_flagged_by(user)
