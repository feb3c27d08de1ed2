"""What the forum adds to other apps' pages: an article page's questions from members
and questions like it (so that the article app asks nothing of the forum); related
questions on a question's page."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .. import pagecache, post_fragments
from ..models import Post, Topic
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


@register.simple_tag
def related_questions(topic):
    """Other published questions like `topic` (the search engine's, by its title): the
    same for every viewer, so kept in the cache for a while, and built afresh at once
    when a question is withdrawn from readers (forum.pagecache)."""
    # A template's output (SafeString), as the cache gives it back.
    return pagecache.cached_html(
        f"related:{topic.pk}:{topic.title}",
        lambda: render_to_string(
            "includes/related_questions.html",
            {
                "questions": related_to_topic(topic, RELATED_QUESTIONS),
                "heading_id": "related-questions",
            },
        ),
        tokens=[pagecache.WITHDRAWN],
        seconds=pagecache.RELATED_SECONDS,
    )


@register.inclusion_tag("includes/related_questions.html")
def questions_like_article(article):
    """Published questions like `article` (by its title), other than those asked about
    it, which questions_about lists."""
    return {
        "questions": similar_questions(article.title, RELATED_QUESTIONS, not_about=article),
        "heading_id": "similar-questions",
    }


@register.simple_tag(takes_context=True)
def post_content(context, post):
    """What readers see of `post` on its question's page (forum.post_fragments)."""
    # A template's output (SafeString), as the cache gives it back.
    return post_fragments.render(post, context)


@register.simple_tag(takes_context=True)
def post_actions(context, post):
    """What this viewer may do to `post` (forum.post_fragments)."""
    # A template's output (SafeString), the viewer's CSRF token put in by format_html.
    return post_fragments.render_actions(post, context)


@register.simple_tag(takes_context=True)
def post_on_page(context, post):
    """One post on its question's page: what readers see of it, then what this viewer
    may do to it (none on a removed post's placeholder), closing its article; both
    kept in the cache by forum.post_fragments. A tag rather than an include, as a page
    shows twenty or more."""
    parts = [post_fragments.render(post, context), "\n  "]
    if post.state != Post.State.REMOVED:
        parts.append(post_fragments.render_actions(post, context))
    parts.append("\n</article>\n")
    # Templates' output (SafeStrings) and fixed markup.
    return SafeString("".join(parts))


@register.filter
def actions_for(post, viewer):
    """What `viewer` (a forum.permissions.Viewer) may do to `post`:
    {% with can=post|actions_for:viewer %}."""
    return PostActions(post, viewer)


@register.filter
def flaggable_by(post, user):
    """Whether `user` is offered the flag link on `post` (Post.may_be_flagged_by)."""
    return post.may_be_flagged_by(user)
