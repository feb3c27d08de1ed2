"""
The one markup pipeline: Markdown → HTML → bleach with a small allowlist.

Articles and forum posts both store the result beside their source (`body_html`), and
that stored HTML is the only thing templates mark safe. Changing the allowlist here
means re-rendering what is stored: `manage.py rerender_markup`.
"""

import html
import re
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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


class _HeadingLevels(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                level = min(max(int(element.tag[1]), HIGHEST_HEADING), LOWEST_HEADING)
                element.tag = f"h{level}"


class _ImagesAsLinks(Treeprocessor):
    """
    Posts never embed images: an outside image would tell its host who reads the page.
    A Markdown image becomes a link to it, labelled with its description.
    """

    def run(self, root):
        inside_link = set()
        for link in root.iter("a"):
            inside_link.update(link.iter("img"))
        for element in root.iter("img"):
            src, alt = element.get("src", ""), element.get("alt", "")
            element.attrib.clear()
            element.text = alt or src
            if element in inside_link:
                element.tag = "em"  # the surrounding link stays the one link
            else:
                element.tag = "a"
                element.set("href", src)


class _AskwellExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_HeadingLevels(md), "askwell_heading_levels", 5)
        md.treeprocessors.register(_ImagesAsLinks(md), "askwell_images_as_links", 4)


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


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[
        partial(
            LinkifyFilter,
            callbacks=[_check_link],
            parse_email=False,
            # An address quoted in code is shown as written, not followed.
            skip_tags={"pre", "code"},
        )
    ],
)


def render_markdown(source):
    """Turn Markdown written by a member or an editor into sanitized HTML."""
    html = markdown.markdown(
        source or "",
        extensions=["sane_lists", "fenced_code", "nl2br", _AskwellExtension()],
        output_format="html",
    )
    return _cleaner.clean(html)
