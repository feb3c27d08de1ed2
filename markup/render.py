"""
The one markup pipeline: CommonMark (GitHub's cmark) → Askwell's adjustments → bleach
with a small allowlist.

Articles and forum posts both store the result beside their source (`body_html`), and
that stored HTML is the only thing templates mark safe. Changing the allowlist or the
engine here means re-rendering what is stored: `manage.py rerender_markup`.

Anyone can send text here (the preview renders what an anonymous visitor types), so
every stage takes time linear in its input and nothing recurses on the input's nesting:

- cmark's parser and renderer are built against pathological input (they are what
  PyPI and GitHub render untrusted READMEs with) and use no recursion;
- the source is cut at MAX_SOURCE_LENGTH characters, whatever the caller checked;
- Askwell's adjustments read cmark's output in one pass, and flatten quotes, lists,
  emphasis and links nested deeper than MAX_NESTING into their text, so that bleach's
  HTML parser (whose cost per tag grows with the depth of the open elements) only
  ever sees a shallow tree;
- bare addresses are found with a pattern whose every attempt is bounded (bleach's own
  backtracks for over a minute on 20,000 characters such as "a.b-a.b-…").
"""

import html
import re
from functools import partial

import bleach
import cffi
from bleach.linkifier import TLDS, LinkifyFilter
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

# The forms cap what members write at 20,000 characters; this cap is for everything that
# reaches the pipeline another way (editors' articles, imports, re-rendering) and bounds
# the worst case whatever a caller forgot to check. Text past it is dropped. cmark takes
# milliseconds for it, but bleach's pure-Python parser takes 10–30 µs for each tag or
# character reference, and markup can be that dense ("&&&…", "[a](b)[a](b)…"): at this
# length the slowest render stays well under a second. The longest article has 3,500.
MAX_SOURCE_LENGTH = 25_000

# Quotes, lists, emphasis and links nested deeper than this lose their markup and keep
# their text. Nobody writes 32 levels on purpose; thousands are an attack on the parser.
MAX_NESTING = 32

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "b",
        "i",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "a",
        "h2",
        "h3",
        "h4",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Pages keep h1 for their own title; writers' headings are moved into h2–h4.
HIGHEST_HEADING, LOWEST_HEADING = 2, 4

# --- CommonMark ------------------------------------------------------------------------

# A single newline is a line break, as members expect from a text box. Raw HTML stays
# off (cmark's default): cmark leaves it out, writing an HTML comment in its place, and
# blanks link targets with a script scheme. VALIDATE_UTF8 turns what Python could only
# encode as lone surrogates into U+FFFD instead of failing.
_CMARK_OPTIONS = Options.CMARK_OPT_HARDBREAKS | Options.CMARK_OPT_VALIDATE_UTF8

# cmarkgfm's own markdown_to_html never frees the buffer cmark returns (cmark leaves that
# to the caller), which would leak the size of every page rendered. cmark allocates it
# with the C library's allocator, so the C library's free releases it.
_libc_ffi = cffi.FFI()
_libc_ffi.cdef("void free(void *);")
_libc = _libc_ffi.dlopen(None)


def _commonmark_to_html(source):
    data = source.encode("utf-8", "surrogatepass")
    buffer = _cmark.lib.cmark_markdown_to_html(data, len(data), _CMARK_OPTIONS)
    try:
        return _cmark.ffi.string(buffer).decode("utf-8", "replace")
    finally:
        _libc.free(_libc_ffi.cast("void *", int(_cmark.ffi.cast("uintptr_t", buffer))))


# --- Askwell's adjustments, on cmark's output ------------------------------------------

# With raw HTML off, every tag in cmark's output is one cmark wrote: "<" and ">" in text
# and attribute values are escaped, and '"' in attribute values too. So a tag runs from
# one "<" to the next ">", and these patterns read it without backtracking.
_CMARK_TAG = re.compile(r"<[^<>]*>")
_CMARK_TAG_NAME = re.compile(r"</?([a-z][a-z0-9]*)")
_CMARK_ATTRIBUTE = re.compile(r' ([a-z]+)="([^"]*)"')

_HEADINGS = {f"h{level}" for level in range(1, 7)}
# The elements input can nest without end: a level of quote, list (its items come with
# it), emphasis or link each.
_NESTING = frozenset({"blockquote", "ul", "ol", "em", "strong", "a"})


def _attributes(tag):
    return dict(_CMARK_ATTRIBUTE.findall(tag))


def _link(attributes):
    # cmark writes href="" where it blanked a script address; an <a> without a target
    # is no link at all, where one to "" would lead back to the page.
    kept = (f' {name}="{value}"' for name, value in attributes.items() if value or name != "href")
    return f"<a{''.join(kept)}>"


def _image(attributes, inside_link):
    """
    Posts never embed images: an outside image would tell its host who reads the page.
    A Markdown image becomes a link to it, labelled with its description; inside a link
    it becomes emphasised text, and the surrounding link stays the one link.
    """
    label = attributes.get("alt") or attributes.get("src", "")
    if inside_link:
        return f"<em>{label}</em>"
    return _link({"href": attributes.get("src", "")}) + f"{label}</a>"


def _adjust(html_from_cmark):
    """
    Headings into h2–h4, images into links, raw-HTML placeholders out, and anything
    nested deeper than MAX_NESTING flattened into its text, in one pass over the tags.
    """
    out = []
    # For each element open here: the name its end tag is written with, or None if it
    # was left out.
    open_elements = []
    depth = 0  # how many of the written ones are _NESTING elements
    left_out = 0  # how many are left out: inside one, everything is
    links = 0
    position = 0
    for match in _CMARK_TAG.finditer(html_from_cmark):
        out.append(html_from_cmark[position : match.start()])
        position = match.end()
        tag = match[0]
        name_match = _CMARK_TAG_NAME.match(tag)
        if name_match is None:
            continue  # "<!-- raw HTML omitted -->"
        name = name_match[1]

        if tag.startswith("</"):
            if not open_elements:
                continue
            written = open_elements.pop()
            if name == "a":
                links -= 1
            if written is None:
                left_out -= 1
                continue
            if name in _NESTING:
                depth -= 1
            out.append(f"</{written}>")
        elif name in {"br", "hr"}:
            out.append(tag)  # nothing nests in them
        elif name == "img":
            attributes = _attributes(tag)
            if left_out:
                out.append(attributes.get("alt", ""))
            else:
                out.append(_image(attributes, inside_link=links > 0))
        else:
            if name == "a":
                links += 1
            if left_out or (name in _NESTING and depth >= MAX_NESTING):
                # Its text stays, with the newline cmark writes after every block.
                left_out += 1
                open_elements.append(None)
                continue
            if name in _HEADINGS:
                level = min(max(int(name[1]), HIGHEST_HEADING), LOWEST_HEADING)
                name = f"h{level}"
                tag = f"<{name}>"
            elif name == "a":
                tag = _link(_attributes(tag))
            if name in _NESTING:
                depth += 1
            open_elements.append(name)
            out.append(tag)
    out.append(html_from_cmark[position:])
    return "".join(out)


# --- Links -------------------------------------------------------------------------------

# What a browser ignores in a URL before reading its scheme (it drops tabs and newlines
# anywhere and control characters and spaces at the ends); we drop a little more, so that
# anything a browser reads as a scheme is read as one here too.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f-\xa0\s`]+")
_URL_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def _is_allowed_href(value):
    """
    Whether a link's target is relative or uses one of the allowed protocols.

    bleach already drops most other schemes, but it reads "javascript:123" (a scheme
    followed only by digits) as a host and port and lets it through, and links that
    linkify makes out of text are not checked by it at all. This check sees every link.
    """
    # Values still hold their character references here ("&#106;avascript:").
    url = _URL_IGNORED.sub("", html.unescape(value)).lower()
    scheme = _URL_SCHEME.match(url)
    return scheme is None or scheme[1] in ALLOWED_PROTOCOLS


def _check_link(attrs, new=False):
    # linkify calls this for every link: those written by the member (new=False), after
    # bleach has sanitized them, and those it makes out of bare addresses (new=True).
    href = attrs.get((None, "href"))
    if href is not None and not _is_allowed_href(href):
        if new:
            return None  # leave the text as it was written, not a link
        del attrs[(None, "href")]
    attrs[(None, "rel")] = LINK_REL
    return attrs


# The schemes bleach's linkifier reads, so that "ftp://…" or "feed:…" is read as one
# address (and then left as text by _check_link) rather than as a link to its host.
_LINKIFY_SCHEMES = (
    *("afs", "aim", "callto", "data", "ed2k", "feed", "ftp", "gopher", "http", "https"),
    *("irc", "mailto", "news", "nntp", "rsync", "rtsp", "sftp", "ssh", "tag", "telnet"),
    *("urn", "webcal", "xmpp"),
)

# bleach's own pattern tries a match at every word, also one that follows a "-" inside a
# host name, and each try can read to the end of a long run of letters, dots and dashes:
# 20,000 characters of "a.b-a.b-…" took 85 seconds. Here an address starts only where a
# run of them starts (at a letter or digit, not after "@", "." or "-"), and every
# repetition before the path is bounded (a DNS label has at most 63 characters; nobody's
# host has 16 of them). Opening parentheses before it are not taken in. The path may be
# long, but it ends the match, so it is read once.
_LINKIFY_URL = re.compile(
    r"""
    (?<![\w@.\-])(?=\w)
    (?:(?:{schemes}):/{{0,3}}(?:(?:\w{{1,64}}:)?\w{{1,64}}@)?)?
    (?:[\w-]{{1,63}}+\.){{1,16}}(?:{tlds})(?::[0-9]{{1,5}})?(?!\.\w)\b
    (?:[/?][^\s{{}}|\\^`<>"]*)?
    """.format(schemes="|".join(_LINKIFY_SCHEMES), tlds="|".join(sorted(TLDS))),
    re.IGNORECASE | re.VERBOSE,
)


class _LinkifyFilter(LinkifyFilter):
    def strip_non_url_bits(self, fragment):
        """
        The address without the ",", "." and unmatched ")" that end the sentence around
        it: "(see https://example.org/a)." links to "https://example.org/a".

        bleach's version slices the string once for each character it strips, and looks
        for "(" in it each time: quadratic in a run of them. This one counts once. (The
        pattern above never takes in an opening parenthesis, so there is no prefix.)
        """
        end = len(fragment)
        unmatched = fragment.count(")") - fragment.count("(")
        while end:
            last = fragment[end - 1]
            if last == ")" and unmatched > 0:
                unmatched -= 1
            elif last not in ",.":
                break
            end -= 1
        return fragment[:end], "", fragment[end:]


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[
        partial(
            _LinkifyFilter,
            callbacks=[_check_link],
            parse_email=False,
            url_re=_LINKIFY_URL,
            # An address quoted in code is shown as written, not followed.
            skip_tags={"pre", "code"},
        )
    ],
)


def sanitize_html(fragment):
    """
    The allowlist applied to an HTML fragment, with links checked and bare addresses
    made into links. Members' raw HTML never gets here (cmark leaves it out); this is
    the second line that would hold if something did.
    """
    return _cleaner.clean(fragment)


# --- Mentions ----------------------------------------------------------------------------

# "@name" in text, not inside a word or an address ("pat@example.org", "/@name"). A name
# is what a username may hold (letters, digits and . + - _), ending on a letter or digit
# so that the full stop after "thanks @maria." is not read as part of it.
MENTION = re.compile(r"(?<![\w@/.+\-])@([\w.+\-]{0,149}\w)")
# At most this many different names in one text are looked up and linked: the lookup is
# one query whatever the text holds.
MAX_MENTIONS = 50
# Inside these, "@name" is shown as written: a link's own text, quoted code.
_NO_MENTIONS = frozenset({"a", "code", "pre"})


def _text_outside(html_fragment):
    """(position, text) of each run of text in `html_fragment` (cmark's output, adjusted)
    that is outside links and code, and the tag positions between them, in order."""
    position = 0
    inside = 0
    for match in _CMARK_TAG.finditer(html_fragment):
        if not inside:
            yield position, html_fragment[position : match.start()]
        position = match.end()
        name_match = _CMARK_TAG_NAME.match(match[0])
        if name_match and name_match[1] in _NO_MENTIONS:
            inside += -1 if match[0].startswith("</") else 1
            inside = max(inside, 0)
    if not inside:
        yield position, html_fragment[position:]


def mentioned_names(html_fragment):
    """The names "@name" in the text of `html_fragment`, outside links and code, in the
    order they first appear, at most MAX_MENTIONS of them."""
    names = []
    for _position, text in _text_outside(html_fragment):
        for match in MENTION.finditer(text):
            if match[1] not in names:
                names.append(match[1])
                if len(names) == MAX_MENTIONS:
                    return names
    return names


def _link_mentions(html_fragment, mention_links):
    names = mentioned_names(html_fragment)
    if not names:
        return html_fragment
    links = mention_links(names)
    if not links:
        return html_fragment

    def link(match):
        url = links.get(match[1])
        if url is None:
            return match[0]  # not a member: the text stays as written
        return f'<a href="{html.escape(url)}">@{match[1]}</a>'

    out = []
    end = 0
    for position, text in _text_outside(html_fragment):
        out.append(html_fragment[end:position])
        out.append(MENTION.sub(link, text))
        end = position + len(text)
    out.append(html_fragment[end:])
    return "".join(out)


def render_markdown(source, *, mention_links=None):
    """
    Turn Markdown written by a member or an editor into sanitized HTML.

    With `mention_links`, "@name" in the text becomes a link: it is called once with the
    names mentioned (a list) and returns {name: URL} for those that are members; the
    others stay text. It is the caller's (this app knows no members).
    """
    source = (source or "")[:MAX_SOURCE_LENGTH]
    # cmark ends every block with a newline; after the last one it would be stray text.
    adjusted = _adjust(_commonmark_to_html(source).rstrip("\n"))
    if mention_links is not None:
        adjusted = _link_mentions(adjusted, mention_links)
    return sanitize_html(adjusted)
