"""Reading rendered HTML back the way a browser's parser does, and what it may hold."""

import re

import html5lib

from markup.render import render_markdown, sanitize_html

# What Askwell promises members' HTML may contain, written out here rather than imported
# from the pipeline, so that widening the pipeline's allowlist fails these tests until
# the change is made here too, on purpose.
ALLOWED_TAGS = frozenset(
    {"p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre"}
    | {"a", "h2", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title", "rel"})}
LINK_REL = "nofollow ugc noopener"

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
# Stricter than a browser, which only drops tabs and newlines inside a URL and control
# characters and spaces around it: anything it reads as a scheme is read so here too.
URL_IGNORED = re.compile(r"[\x00-\x20\x7f-\xa0\s]+")


def parse(html):
    """The fragment as a browser builds it inside a <div>: entities decoded, tags closed."""
    return html5lib.parseFragment(
        html, container="div", treebuilder="etree", namespaceHTMLElements=False
    )


def elements(node, tag=None):
    """Every element under the node; foreign ones (svg, math) keep a '{namespace}' prefix."""
    found = [el for el in node.iter() if el is not node and isinstance(el.tag, str)]
    return [el for el in found if tag is None or el.tag == tag]


def local_name(name):
    """'{http://www.w3.org/1999/xlink}href' -> 'href'."""
    return name.rpartition("}")[2]


def runs_script(url):
    """Whether following this URL (as the parser decoded it) would run script."""
    return URL_IGNORED.sub("", url or "").lower().startswith(SCRIPT_SCHEMES)


def render(source):
    """The rendered fragment, parsed as a browser would."""
    return parse(render_markdown(source))


def clean(source):
    """The source taken as HTML by the sanitizer alone, parsed as a browser would."""
    return parse(sanitize_html(source))


def tags(node):
    return [el.tag for el in elements(node)]


def text(node):
    """What a reader sees: the text content, entities decoded."""
    return "".join(node.itertext())


def only(fragment, tag):
    found = elements(fragment, tag)
    assert len(found) == 1, f"expected one <{tag}>, got {tags(fragment)}"
    return found[0]


def event_handler_attributes(fragment):
    return [
        (el.tag, name)
        for el in elements(fragment)
        for name in el.attrib
        if local_name(name).lower().startswith("on")
    ]


def scripts_and_handlers(page_html):
    """Every <script> element and every on* attribute in the page as a browser parses it.
    A JSON-LD data block (structured data for search engines) is never run: left out."""
    document = html5lib.parse(page_html, namespaceHTMLElements=False)
    found = [
        element
        for element in document.iter()
        if element.tag == "script" and element.get("type") != "application/ld+json"
    ]
    found += [
        (element.tag, name)
        for element in document.iter()
        for name in element.attrib
        if name.lower().startswith("on")
    ]
    return found
