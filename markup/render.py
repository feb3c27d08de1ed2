"""
The one markup pipeline: Markdown → HTML → bleach with a small allowlist.

Articles and forum posts both store the result beside their source (`body_html`), and
that stored HTML is the only thing templates mark safe. Changing the allowlist here
means re-rendering what is stored: `manage.py rerender_markup`.
"""

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


class _HeadingLevelsExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_HeadingLevels(md), "askwell_heading_levels", 5)


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], parse_email=False)],
)


def render_markdown(source):
    """Turn Markdown written by a member or an editor into sanitized HTML."""
    html = markdown.markdown(
        source or "",
        extensions=["sane_lists", "fenced_code", "nl2br", _HeadingLevelsExtension()],
        output_format="html",
    )
    return _cleaner.clean(html)
