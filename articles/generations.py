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

Two things spare a page trips to a shared cache (Redis):

- `snapshot(names)`: a view that knows the tokens its page will ask for reads them
  all in one trip, and the page's later lookups answer from what was read (and from
  the tokens this request gave out itself).
- LOCAL: a value kept under its tokens never changes under that key, so each process
  also keeps the values it last used in its own memory (bounded, and no longer than
  their ceiling), in front of the shared cache.
"""

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("askwell.cache")

PREFIX = "pagecache:gen:"
# The token of the stored HTML everywhere: every kept page and fragment is built from
# it, and `manage.py rerender_markup` gives it a new one when it changed any.
MARKUP = "markup"


def _key(name):
    return PREFIX + name


class LocalCopies:
    """What this process used last, at most `size` characters of it (least recently
    used out first), each for no longer than its own ceiling. Holds only values that
    never change under their key (str, bytes, numbers): every request reads its own
    copy."""

    def __init__(self, size):
        self.size = size
        self.used = 0
        self.items = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def _size(value):
        return len(value) if isinstance(value, str | bytes) else 1

    def get_many(self, keys):
        now = time.monotonic()
        found = {}
        with self.lock:
            for key in keys:
                item = self.items.get(key)
                if item is None:
                    continue
                expires, value = item
                if expires is not None and expires <= now:
                    self._drop(key)
                    continue
                self.items.move_to_end(key)
                found[key] = value
        return found

    def set_many(self, values, seconds=None):
        expires = None if seconds is None else time.monotonic() + seconds
        with self.lock:
            for key, value in values.items():
                if key in self.items:
                    self._drop(key)
                self.items[key] = (expires, value)
                self.used += self._size(value)
            while self.used > self.size and self.items:
                self._drop(next(iter(self.items)))

    def _drop(self, key):
        _expires, value = self.items.pop(key)
        self.used -= self._size(value)

    def clear(self):
        with self.lock:
            self.items.clear()
            self.used = 0


# Kept values (`kept`): some tens of pages' worth per process.
LOCAL = LocalCopies(size=16_000_000)


def shared_is_local():
    """Whether the shared cache is this process's memory already (no Redis): then
    a local copy in front of it would only be a second copy."""
    return "locmem" in settings.CACHES["default"]["BACKEND"].lower()


# The tokens the current request has read or given out (`snapshot`), or None.
_request = Local()


def _snapshot():
    return getattr(_request, "tokens", None)


@contextmanager
def snapshot(names):
    """Within it, this thread reads the tokens of `names` once (one trip to the
    cache), and every token asked for again is answered from what was read; tokens
    it gives out (bump) replace them. For one request: a page sees the tokens of its
    start, which its content can only be newer than."""
    outer = _snapshot()
    _request.tokens = {}
    try:
        try:
            current(names)
        except Exception:
            logger.exception("Could not read the page cache's generation tokens.")
        yield
    finally:
        _request.tokens = outer


def _set_new(names):
    tokens = {_key(name): secrets.token_hex(6) for name in names}
    remembered = _snapshot()
    if remembered is not None:
        remembered.update(tokens)
    try:
        cache.set_many(tokens, timeout=None)
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
    remembered = _snapshot()
    found = {} if remembered is None else {k: remembered[k] for k in keys if k in remembered}
    unknown = [key for key in keys if key not in found]
    if unknown:
        found.update(cache.get_many(unknown))
    missing = [key for key in keys if key not in found]
    for key in missing:
        token = secrets.token_hex(6)
        # Another worker may have given it one in the meantime: theirs wins.
        if not cache.add(key, token, timeout=None):
            token = cache.get(key, token)
        found[key] = token
    if remembered is not None:
        remembered.update(found)
    return [found[key] for key in keys]


# The token of every article: any re-imported gives it a new one.
ARTICLES = "articles"


def article_changed(slug):
    bump(f"article:{slug}", ARTICLES)


def kept(name, build, *, tokens, seconds):
    """What `build()` returns, kept in the cache under `name` and the current tokens
    of `tokens` for `seconds` at most: a new token for any of them is a new key. Built
    afresh each time, and not kept, while the cache fails. A str, bytes or number is
    also kept in this process (LOCAL) for what remains of its `seconds`."""
    local = not shared_is_local()
    try:
        # Stored as (when it expires, value): "2" in the key says so.
        parts = "\n".join(["2", name, *current(tokens)])
        key = "kept:" + hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()
        value = LOCAL.get_many([key]).get(key) if local else None
        if value is not None:
            return value
        stored = cache.get(key)
    except Exception:
        logger.exception("Could not read %s from the cache.", name)
        return build()
    if stored is None:
        value = build()
        stored = (time.time() + seconds, value)
        try:
            cache.set(key, stored, seconds)
        except Exception:
            logger.exception("Could not store %s in the cache.", name)
    expires, value = stored
    if local and isinstance(value, str | bytes | int):
        LOCAL.set_many({key: value}, seconds=expires - time.time())
    return value
