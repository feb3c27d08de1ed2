"""
Quoting a post in a reply: an excerpt of what readers see of it, as a Markdown
blockquote under a link to the post's lasting address. Only a published post of the
same question that the member may see can be quoted; anything else is ignored.
"""

import html
import re

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import Post

# How much of the post is quoted: enough to say what is answered, not the whole post.
EXCERPT_LENGTH = 300
# Characters Markdown would read as formatting, escaped so the excerpt stays words.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_OWN_POST_LINK = re.compile(r"^/forum/posts/[1-9][0-9]*/$")


def quotable_post(user, topic, pk):
    """The published post `pk` of `topic` that `user` may see, or None."""
    if pk is None:
        return None
    return (
        Post.objects.visible_to(user)
        .filter(topic=topic, state=Post.State.APPROVED, pk=pk)
        .select_related("author", "topic")
        .first()
    )


def _escape(text):
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _excerpt(post):
    """The post's text as readers see it (links as their words, no formatting), cut
    after about EXCERPT_LENGTH characters at a word's end."""
    text = html.unescape(strip_tags(post.body_html))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    kept, length = [], 0
    for line in lines:
        if length + len(line) > EXCERPT_LENGTH:
            room = max(EXCERPT_LENGTH - length, 0)
            cut = line[:room].rsplit(" ", 1)[0] if " " in line[:room] else line[:room]
            kept.append(f"{cut}…" if cut else "…")
            break
        kept.append(line)
        length += len(line)
    return kept


def quote_markdown(post):
    """The Markdown a reply quoting `post` starts with."""
    author = _escape(str(post.display_author))
    link = reverse("forum:post", args=[post.pk])
    heading = _("[%(author)s wrote](%(link)s):") % {"author": author, "link": link}
    quoted = "\n>\n".join(f"> {_escape(line)}" for line in _excerpt(post))
    return f"{heading}\n\n{quoted}\n\n"


def with_quote(body, post):
    """`body` (what the member had written, perhaps nothing) with the quote after it."""
    body = body.rstrip()
    return f"{body}\n\n{quote_markdown(post)}" if body else quote_markdown(post)


def is_own_post_link(href):
    """Whether `href` is a post's lasting address on this site, as quotes link to."""
    return bool(_OWN_POST_LINK.match(href))
