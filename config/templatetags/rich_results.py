"""
What search engines and link previews read of a page: its canonical address, OpenGraph
tags, and schema.org JSON-LD (QAPage on a question's page, Article on an article's),
with the fields Google documents as required and recommended.

Only what anonymous readers may see goes in: a question's structured data is given only
while it is published, with its published replies, authors named as the site names
them (Post.display_author), linked to a profile only when public (Post.public_author).
"""

import json
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from forum import pagecache
from forum.models import Post

register = template.Library()

SITE_NAME = "Askwell"
# json.dumps output made safe inside <script>: no "</script>", no HTML comment.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path):
    return settings.SITE_URL + path


def excerpt(html, length=160):
    """Plain text of rendered HTML, cut at about `length` characters."""
    return Truncator(" ".join(strip_tags(html or "").split())).chars(length)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's one address: the site's own origin and the path, with the page
    number of a list beyond its first page; no other query parameters."""
    request = context.get("request")
    if request is None:
        return absolute("/")
    url = absolute(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.filter
def jsonld(data):
    """`data` as a JSON-LD script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _person(post):
    person = {"@type": "Person", "name": str(post.display_author)}
    member = post.public_author
    if member is not None:
        person["url"] = absolute(reverse("members:profile", kwargs={"username": member.username}))
    return person


def _answer(post, url):
    return {
        "@type": "Answer",
        "text": excerpt(post.body_html, 5000),
        "datePublished": (post.published_at or post.created_at).isoformat(),
        "upvoteCount": post.helpful_count,
        "url": f"{url}#post-{post.pk}",
        "author": _person(post),
    }


def question_data(topic, accepted_answer, replies):
    """The QAPage of a published question: its accepted answer and the published replies
    of the page shown as suggested answers. None when the question is not published."""
    opening = topic.opening_post
    if opening is None or opening.state != Post.State.APPROVED or topic.merged_into_id:
        return None
    url = absolute(topic.get_absolute_url())
    question = {
        "@type": "Question",
        "name": topic.title,
        "text": excerpt(opening.body_html, 5000),
        "answerCount": topic.reply_count,
        "upvoteCount": 0,
        "datePublished": (opening.published_at or opening.created_at).isoformat(),
        "dateModified": topic.last_activity_at.isoformat(),
        "author": _person(opening),
        "url": url,
    }
    accepted = None
    if accepted_answer is not None and accepted_answer.state == Post.State.APPROVED:
        accepted = accepted_answer
        question["acceptedAnswer"] = _answer(accepted, url)
    suggested = [
        _answer(post, url)
        for post in replies
        if post.state == Post.State.APPROVED and (accepted is None or post.pk != accepted.pk)
    ]
    if suggested:
        question["suggestedAnswer"] = suggested
    return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": question}


@lru_cache(maxsize=256)
def _description(html):
    # What `html|striptags|truncatechars:160` gives, worked out once per text.
    return Truncator(strip_tags(html)).chars(160)


@register.simple_tag(takes_context=True)
def question_description(context):
    """A question page's description (meta and OpenGraph): the start of its text in
    plain words while it is published, its title otherwise."""
    opening_post = context.get("opening_post")
    if opening_post is not None and opening_post.state == Post.State.APPROVED:
        return _description(opening_post.body_html)
    return context["topic"].title


@register.simple_tag(takes_context=True)
def question_jsonld(context):
    """On a question's page: its QAPage, from what the page already loaded. The same
    for every viewer (it holds only what readers see), so kept in the cache until the
    question changes (forum.pagecache)."""
    page = context.get("page")
    topic = context["topic"]

    def build():
        data = question_data(
            topic, context.get("accepted_answer"), page.object_list if page else []
        )
        return jsonld(data) if data else ""

    return pagecache.cached_html(
        f"jsonld:{topic.pk}:{page.number if page else 0}:{context.get('sort', '')}",
        build,
        tokens=[f"topic:{topic.pk}", pagecache.WITHDRAWN],
        seconds=pagecache.RELATED_SECONDS,
    )


def article_data(article):
    url = absolute(article.get_absolute_url())
    site = {"@type": "Organization", "name": SITE_NAME, "url": absolute("/")}
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": Truncator(article.title).chars(110),
        "description": article.summary,
        "datePublished": article.published_on.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "author": site,
        "publisher": site,
        "url": url,
        "mainEntityOfPage": {"@type": "MedicalWebPage", "@id": url, "name": article.title},
        "inLanguage": settings.LANGUAGE_CODE,
    }


@register.simple_tag
def article_jsonld(article):
    return jsonld(article_data(article))
