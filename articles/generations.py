"""
Generation tokens for the anonymous page cache (config.pagecache).

A cached page is stored under the tokens of what it shows ("topic:12",
"category:heart", "article:sleep", "forum", "articles"); changing something gives it a
new token, so the next reader's lookup misses and the page is built afresh. Nothing is
deleted or scanned: old pages simply stop being asked for and expire.

A token is random rather than a counter, so a token the cache has evicted is replaced
by a new one, never by an old value under which a stale page might still be stored.
Bumping happens at once and again when the transaction commits: a reader who builds
the page between the two (still seeing the old rows) stores it under a token that the
commit then replaces.

This lives in articles, the lowest app whose changes pages show, so that the forum
(forum.pagecache) and the articles both bump through it. A cache that is unavailable
costs nothing but cache misses.
"""

import hashlib
import logging
import secrets

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("askwell.cache")

PREFIX = "pagecache:gen:"
# The token of the stored HTML everywhere: every kept page and fragment is built from
# it, and `manage.py rerender_markup` gives it a new one when it changed any.
MARKUP = "markup"


def _key(name):
    return PREFIX + name


def _set_new(names):
    try:
        cache.set_many({_key(name): secrets.token_hex(6) for name in names}, timeout=None)
    except Exception:
        # The tokens of pages stored before the failure may be left as they were:
        # those pages still expire on their own ceiling (config.pagecache).
        logger.exception("Could not renew the page cache's generation tokens %s.", names)


def bump(*names):
    """Give each of `names` a new token, now and once the current transaction commits."""
    names = sorted({name for name in names if name})
    if not names:
        return
    _set_new(names)
    transaction.on_commit(lambda: _set_new(names))


def current(names):
    """The tokens of `names` now, in their order; any the cache does not hold are given
    one. Raises what the cache raises."""
    keys = [_key(name) for name in names]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        token = secrets.token_hex(6)
        # Another worker may have given it one in the meantime: theirs wins.
        if not cache.add(key, token, timeout=None):
            token = cache.get(key, token)
        found[key] = token
    return [found[key] for key in keys]


def article_changed(slug):
    bump(f"article:{slug}", "articles")


def kept(name, build, *, tokens, seconds):
    """What `build()` returns, kept in the cache under `name` and the current tokens
    of `tokens` for `seconds` at most: a new token for any of them is a new key. Built
    afresh each time, and not kept, while the cache fails."""
    try:
        parts = "\n".join([name, *current(tokens)])
        key = "kept:" + hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()
        value = cache.get(key)
    except Exception:
        logger.exception("Could not read %s from the cache.", name)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, seconds)
        except Exception:
            logger.exception("Could not store %s in the cache.", name)
    return value
