"""
The anonymous page cache: whole pages for readers without a session, who are most of
Askwell's traffic (a link in a news article can send thousands at once).

Which pages, and what each shows, is the table PAGES below: by URL name, the
generation tokens (articles.generations) of what the page is built from, and a
ceiling on its age. A page is stored under the tokens it was built with; when what it
shows changes, the service that changed it gives a new token (forum.pagecache,
articles.services), and the next reader's page is built afresh, so a moderator's
decision is seen by the next anonymous reader. Lists keep a short ceiling on top, for
what has no token of its own (a member's new name, a verified badge's expiry, "3
minutes ago").

Only what cannot be anyone's own is served or stored:
- GET (and HEAD, from a stored GET) requests without a session cookie or a messages
  cookie, whose query string has only the parameters a page reads (page, sort, show);
- responses with status 200 that set no cookie, ask no cache to keep them private
  and were not made for a signed-in member or from a session.
Every response of a cached page says Vary: Cookie, so that shared caches do not give a
reader's page to a member either.

A cache that fails or is away (config.cache) makes every page a miss: built as if
there were no cache, never an error.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from articles import generations

logger = logging.getLogger("askwell.cache")

KEY_PREFIX = "pagecache:page:"
MESSAGES_COOKIE = CookieStorage.cookie_name
LIST_SECONDS = 60
PAGE_SECONDS = 10 * 60
# The query parameters Askwell's cached pages read; any other makes the page uncached
# (so made-up query strings cannot fill the cache).
QUERY_PARAMETERS = frozenset({"page", "sort", "show"})
MAX_QUERY_LENGTH = 64


def _home(kwargs):
    return ["forum", "articles"]


def _forum(kwargs):
    return ["forum"]


def _category(kwargs):
    return [f"category:{kwargs['slug']}"]


def _question(kwargs):
    # With other questions named in its related questions: one withdrawn from
    # readers anywhere leaves them at once. With the members it names: a new name,
    # avatar or badge is on it at once (forum.pagecache.FACES). With the article it
    # was asked about, whose title it shows: an article re-imported renews it.
    return [f"topic:{kwargs['pk']}", "withdrawn", "faces", "articles"]


def _article_list(kwargs):
    return ["articles"]


def _article(kwargs):
    # With the questions asked about it (their changes bump the article too) and
    # those like it.
    return [f"article:{kwargs['slug']}", "withdrawn"]


# URL name: (the tokens of what the page shows, the ceiling on its age in seconds).
PAGES = {
    "home": (_home, LIST_SECONDS),
    "forum:index": (_forum, LIST_SECONDS),
    "forum:category": (_category, LIST_SECONDS),
    "forum:topic": (_question, PAGE_SECONDS),
    "articles:list": (_article_list, LIST_SECONDS),
    "articles:detail": (_article, PAGE_SECONDS),
}


def _page_for(request):
    """(tokens, seconds) when the request may be served from the cache, else None."""
    if not settings.ASKWELL_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return None
    if request.GET and (
        not QUERY_PARAMETERS.issuperset(request.GET)
        or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH
    ):
        return None
    try:
        match = resolve(request.path_info)
        # A host not in ALLOWED_HOSTS is refused further in, never looked up.
        request.get_host()
    except (Resolver404, DisallowedHost):
        return None
    page = PAGES.get(match.view_name)
    if page is None:
        return None
    tokens, seconds = page
    return tokens(match.kwargs), seconds


def _key(request, names):
    address = f"{request.get_host()}{request.get_full_path()}"
    names = [*names, generations.MARKUP]
    tokens = generations.current(names)
    digest = hashlib.blake2b(
        "\n".join([address, *names, *tokens]).encode(), digest_size=16
    ).hexdigest()
    return KEY_PREFIX + digest


def _may_store(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is None or session.is_empty()


def _response(stored, *, head):
    status, headers, content = stored
    response = HttpResponse(b"" if head else content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


class AnonymousPageCacheMiddleware:
    """See the module's docstring. Near the top of MIDDLEWARE: a stored page is given
    back without going through the rest, so it keeps the headers they added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = _page_for(request)
        if page is None:
            return self.get_response(request)
        names, seconds = page
        key = None
        try:
            key = _key(request, names)
            stored = cache.get(key)
        except Exception:
            logger.exception("The page cache could not be read; building the page.")
            stored = None
        if stored is not None:
            return _response(stored, head=request.method == "HEAD")

        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if key is not None and _may_store(request, response):
            stored = (response.status_code, list(response.headers.items()), response.content)
            try:
                cache.set(key, stored, seconds)
            except Exception:
                logger.exception("The page cache could not be written.")
        return response
