"""
What a search asks for: the typed words, each widened by the medical synonym list
(synonyms.txt) and British/American spellings, written as a PostgreSQL tsquery or an
SQLite FTS5 query; and snippets with the matched words marked, escaped.

Only words (letters and digits) ever reach a query: punctuation, quotes and operators
typed by a visitor are dropped, so no input can make a malformed query.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 10
MAX_WORD_LENGTH = 40
# Snippet markers: control characters no text shows, replaced by <mark> once escaped.
START, STOP = "\x02", "\x03"

# Common English words, left out of queries (PostgreSQL's English configuration drops
# them too; FTS5 would require them).
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would
    you your yours yourself yourselves
    """.split()  # noqa: SIM905 (easier to read and edit)
)


@dataclass(frozen=True)
class Term:
    """One thing the visitor asked for: the words as typed, and every phrase (a tuple
    of words) that counts as a match for it."""

    typed: str
    alternatives: tuple

    @property
    def is_plain_word(self):
        return len(self.alternatives) == 1 and len(self.alternatives[0]) == 1


def words(text):
    return [w.lower()[:MAX_WORD_LENGTH] for w in WORD.findall(text or "")]


@cache
def synonym_groups():
    """{phrase: every phrase of its group}, phrases as tuples of words, from the file."""
    groups = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrases = tuple(dict.fromkeys(tuple(words(p)) for p in line.split(",") if words(p)))
        for phrase in phrases:
            key = _stems(phrase)
            groups[key] = tuple(dict.fromkeys(groups.get(key, ()) + phrases))
    return groups


def _stems(phrase):
    """A phrase as the synonym list is looked up by: "steroids" finds "steroid"."""
    return tuple(_stem(word) for word in phrase)


def _spellings(word):
    """The word and its other spelling: -ise/-ize and their endings."""
    variants = [word]
    for a, b in (("is", "iz"), ("iz", "is")):
        other = re.sub(rf"{a}(e|es|ed|ing|ation|ations|er|ers)$", rf"{b}\1", word)
        if other != word:
            variants.append(other)
    return tuple((v,) for v in variants)


def parse(text):
    """The Terms of a typed query: the longest phrases of the synonym list first,
    stop words left out, at most MAX_TERMS, each once."""
    tokens = words(text)
    groups = synonym_groups()
    longest = max((len(p) for p in groups), default=1)
    terms, seen, i = [], set(), 0
    while i < len(tokens) and len(terms) < MAX_TERMS:
        for n in range(min(longest, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i : i + n])
            if _stems(phrase) in groups:
                term = Term(" ".join(phrase), groups[_stems(phrase)])
                i += n
                break
        else:
            word = tokens[i]
            i += 1
            if word in STOP_WORDS:
                continue
            term = Term(word, _spellings(word))
        if term.alternatives not in seen:
            seen.add(term.alternatives)
            terms.append(term)
    return terms


def tsquery(terms, *, any_term=False):
    """A to_tsquery() string (English stemming is applied by PostgreSQL)."""
    groups = [
        "(" + " | ".join(" <-> ".join(phrase) for phrase in term.alternatives) + ")"
        for term in terms
    ]
    return (" | " if any_term else " & ").join(groups)


def fts5_query(terms, *, any_term=False):
    """An FTS5 MATCH string, every phrase quoted (the Porter tokenizer stems them)."""
    groups = [
        "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in term.alternatives) + ")"
        for term in terms
    ]
    return (" OR " if any_term else " AND ").join(groups)


# Markdown's punctuation, dropped from snippets, which show plain text.
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)?")
_MARKDOWN = re.compile(r"[*_`#\[\]|~]+|^\s*(?:[-+]|>+)\s+", re.MULTILINE)


def marked(text):
    """A snippet as safe HTML: the text escaped, then the matched words (between the
    START and STOP markers) in <mark>; stray markers are dropped."""
    text = _MARKDOWN.sub(" ", _LINK_TARGET.sub(" ", text or ""))
    out, open_ = [], False
    for piece in re.split(f"([{START}{STOP}])", text):
        if piece == START:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif piece == STOP:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(escape(piece))
    if open_:
        out.append("</mark>")
    return mark_safe(" ".join("".join(out).split()))  # noqa: S308 (escaped above)


def _stem(word):
    """A rough English stem, to compare words in Python: "myopathies" → "myopathy"."""
    if word.endswith(("ies", "ied")) and len(word) > 5:
        return word[:-3] + "y"
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def python_snippet(text, terms, *, size=30):
    """(score, snippet text with markers) for `text`: how many of its words match the
    terms' words, and about `size` words around the first match. Where the database
    cannot build the snippet (SQLite, outside its FTS table)."""
    stems = {_stem(w) for term in terms for phrase in term.alternatives for w in phrase}
    # Words at odd positions, what lies between them at even ones.
    pieces = WORD.split(text or "")
    tokens = [p for pair in zip(pieces, WORD.findall(text or ""), strict=False) for p in pair]
    tokens.append(pieces[-1])
    hits = [
        n
        for n in range(1, len(tokens), 2)
        if any(_stem(tokens[n].lower()).startswith(stem) for stem in stems)
    ]
    if not hits:
        return 0, ""
    start = max(hits[0] - size, 0)
    start -= start % 2
    end = min(start + size * 2, len(tokens))
    hit_set = set(hits)
    body = "".join(
        f"{START}{tokens[n]}{STOP}" if n in hit_set else tokens[n] for n in range(start, end)
    )
    return len(hits), ("… " if start else "") + body.strip() + (" …" if end < len(tokens) else "")
