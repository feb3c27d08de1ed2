"""
A published post as every reader sees it (templates/includes/post_content.html: the
byline, the text, the moderator's note), rendered once and kept in the cache: the
question page shows 20 or more, and rendering them was most of a signed-in member's
page. What the viewer may do to each post (helpful, flag, edit, the answer that
helped) is added around it for each request (the post_on_page template tag).

A fragment's key is everything it is built from: the post's id, state, last edit, its
stored HTML (a digest) and whether it is the question's opening post or its answer
that helped; its author's public name, avatar and badge; its moderator's note; the
language; and the templates themselves, so that a change to any of these (or a
deploy that changes the markup, or rerender_markup) makes a new key rather than a
stale page. Only fragments the same for every reader
are shared: published posts, for viewers who are not moderators (who see notes'
links), except an anonymous post shown to its own author.

The actions (templates/forum/includes/post_actions.html) are kept too, under a key of
everything they show: the post's id, state, helpful count and author's name, and this
viewer's position towards it (forum.permissions.PostActions: may they mark it, accept
it, edit, remove or flag it; have they marked or flagged it), so that every member in
the same position shares one; the viewer's CSRF token is put into the forms on the way
out.

A cache that fails costs only the rendering it would have saved.

Since a key names everything its fragment is made from, what is stored under it never
changes: each process also keeps the fragments it last used in its own memory (LOCAL,
bounded), so that a page shown again costs no trip to a shared cache (Redis) for them.
"""

import hashlib
import logging
from functools import cache as once

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.generations import LocalCopies, shared_is_local

from .models import Post
from .permissions import PostActions

logger = logging.getLogger("askwell.cache")

TEMPLATE = "includes/post_content.html"
ACTIONS_TEMPLATE = "forum/includes/post_actions.html"
# Those they include: a change to any makes new keys.
TEMPLATES = (
    TEMPLATE,
    ACTIONS_TEMPLATE,
    "forum/includes/flag_link.html",
    "includes/post_author.html",
    "includes/avatar.html",
    "includes/member_name.html",
    "includes/professional_badge.html",
    "includes/post_state.html",
    "forum/includes/moderator_note.html",
)
SECONDS = 24 * 60 * 60
KEY_PREFIX = "postfrag:"
# Stands for the viewer's CSRF token in stored actions (letters and dashes: no
# escaping changes it).
CSRF_PLACEHOLDER = "csrf-token-of-this-viewer"


@once
def _templates_digest():
    digest = hashlib.blake2b(digest_size=8)
    for name in TEMPLATES:
        for folder in settings.TEMPLATES[0]["DIRS"]:
            path = folder / name
            if path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _digest(html):
    """What stored HTML says, in 16 bytes: re-rendered HTML (rerender_markup) makes a
    new key without an edit."""
    return hashlib.blake2b(html.encode(), digest_size=16).digest()


def _note(post):
    try:
        note = post.moderator_note
    except ObjectDoesNotExist:
        return None
    return None if note is None else (note.pk, note.updated_at, _digest(note.text_html))


def fragment_key(post, *, accepted_pk):
    """The cache key of `post`'s shared fragment on its question's page."""
    author = post.public_author
    parts = (
        _templates_digest(),
        translation.get_language(),
        post.pk,
        post.state,
        post.edited_at,
        _digest(post.body_html),
        post.created_at,
        post.is_opening,
        post.pk == accepted_pk,
        post.display_author,
        None
        if author is None
        else (
            author.username,
            author.avatar.name if author.avatar else "",
            author.is_verified_professional,
            author.professional_title,
        ),
        _note(post),
    )
    return KEY_PREFIX + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def is_shared(post, *, user, is_moderator):
    """Whether every viewer like this one sees the same fragment of `post`."""
    if post.state != Post.State.APPROVED or is_moderator:
        return False
    return not (post.is_anonymous and user.is_authenticated and post.author_id == user.pk)


def actions_key(post, *, viewer, accepted_pk, sort, quote_page=None):
    """The cache key of what `viewer` (a forum.permissions.Viewer) may do to `post`;
    `quote_page` is the page number its Quote link returns to, None when the viewer
    may not quote on this question."""
    can = PostActions(post, viewer)
    parts = (
        _templates_digest(),
        translation.get_language(),
        post.pk,
        post.state,
        post.helpful_count,
        post.display_author,
        post.pk == accepted_pk,
        sort,
        can.mark_helpful,
        can.shows_helpful_count,
        can.accept,
        can.edit,
        can.remove,
        bool(getattr(post, "helpful_by_me", False)),
        bool(getattr(post, "flagged_by_me", False)),
        post.may_be_flagged_by(viewer.user),
        # The Quote link: the page it returns to, and the question's address.
        quote_page,
        (post.topic.category.slug, post.topic.slug) if quote_page else None,
    )
    return KEY_PREFIX + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


# Some thousands of fragments per process.
LOCAL = LocalCopies(size=16_000_000)


def prefetch(posts, *, viewer, is_moderator, accepted_pk, sort, quote_page=None):
    """Give each of `posts` its fragment keys (the shared one None when not shared)
    and fetch what the cache holds of them, in one call. Returns them by key."""
    keys = []
    for post in posts:
        shared = is_shared(post, user=viewer.user, is_moderator=is_moderator)
        post.fragment_key = fragment_key(post, accepted_pk=accepted_pk) if shared else None
        post.actions_key = actions_key(
            post, viewer=viewer, accepted_pk=accepted_pk, sort=sort, quote_page=quote_page
        )
        keys += [key for key in (post.fragment_key, post.actions_key) if key]
    local = not shared_is_local()
    found = LOCAL.get_many(keys) if local else {}
    missing = [key for key in keys if key not in found]
    if not missing:
        return found
    try:
        fetched = cache.get_many(missing)
    except Exception:
        logger.exception("Could not read the posts' fragments from the cache.")
        return found
    if local and fetched:
        LOCAL.set_many(fetched)
    return {**found, **fetched}


def _rendered(key, context, name, **values):
    """The fragment at `key`: fetched by prefetch, or rendered from the template
    `name` in `context` (with `values`) and stored."""
    fetched = context.get("post_fragments") or {}
    if key and key in fetched:
        return fetched[key]
    template = context.template.engine.get_template(name)
    with context.push(**values):
        html = template.render(context)
    if key:
        if not shared_is_local():
            LOCAL.set_many({key: html})
        try:
            cache.set(key, html, SECONDS)
        except Exception:
            logger.exception("Could not store a post's fragment in the cache.")
    return html


def render(post, context):
    """`post`'s fragment in `context` (the question page's): from the fragments the
    view fetched when it is there, rendered (and stored, when shared) otherwise."""
    return _rendered(getattr(post, "fragment_key", None), context, TEMPLATE, post=post)


def render_actions(post, context):
    """What the viewer may do to `post`, their CSRF token in its forms."""
    html = _rendered(
        getattr(post, "actions_key", None),
        context,
        ACTIONS_TEMPLATE,
        post=post,
        csrf_token=CSRF_PLACEHOLDER,
    )
    if CSRF_PLACEHOLDER not in html:
        return html
    token = format_html("{}", str(context.get("csrf_token", "")))
    return SafeString(html.replace(CSRF_PLACEHOLDER, token))
