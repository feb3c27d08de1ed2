"""
Markup meant to run script, written by a member: it comes out as inert text, or loses
the part that would run. HTML written by members never gets past the CommonMark engine;
these tests also run it straight through the sanitizer (`sanitize_html`), the second
line, which must hold on its own if the engine ever let some through.
"""

from xml.etree import ElementTree

import pytest

from markup.render import render_markdown
from markup.tests.parsing import (
    ALLOWED_TAGS,
    clean,
    elements,
    event_handler_attributes,
    only,
    render,
    runs_script,
    tags,
    text,
)

# For what must hold of the whole pipeline and of the sanitizer on its own.
both_stages = pytest.mark.parametrize("stage", [render, clean], ids=["pipeline", "sanitizer"])


# --- Scripts and markup that would run them -----------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Before <script>alert(1)</script> after",
        "<SCRIPT SRC=https://attacker.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<script\n>alert(1)</script\n>",
        "*<script>alert(1)</script>*",
    ],
)
@both_stages
def test_script_tag_does_not_become_an_element(stage, source):
    assert "script" not in tags(stage(source))


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("<script>alert(1)</script>", ""),
        ("Take it <b>with food</b>.", "Take it with food."),
        ("Ask <your GP> about it", "Ask  about it"),
    ],
)
def test_html_written_by_a_member_is_left_out(source, shown):
    assert text(render(source)) == shown


def test_sanitizer_shows_a_script_tag_to_the_reader_as_written():
    assert text(clean("<script>alert(1)</script>")) == "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("source", "tag"),
    [
        ("<b onclick=alert(1)>bold</b>", "b"),
        ('<a href="https://example.org/" onclick="alert(1)">link</a>', "a"),
        ("<em onmouseover=alert(1)>hover</em>", "em"),
        ("<strong ONFOCUS='alert(1)' tabindex=0>focus</strong>", "strong"),
        ("<p onpointerenter=alert(1)>text</p>", "p"),
        ("<code onerror=alert(1)>x</code>", "code"),
        ('<h2 onclick="alert(1)">Title</h2>', "h2"),
    ],
)
def test_event_handler_is_removed_from_an_allowed_element(source, tag):
    assert "alert" not in render_markdown(source)  # the element is left out, handler and all

    fragment = clean(source)
    assert only(fragment, tag) is not None
    assert event_handler_attributes(fragment) == []


@pytest.mark.parametrize(
    "source",
    [
        "<img src=x onerror=alert(1)>",
        "<div onmouseover=alert(1)>hover me</div>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<body onload=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<marquee onstart=alert(1)>hi</marquee>",
    ],
)
def test_element_outside_the_allowlist_is_left_out_with_its_handler(source):
    fragment = render(source)

    assert set(tags(fragment)) <= {"p"}
    assert "alert(1)" not in text(fragment)
    assert event_handler_attributes(fragment) == []


@pytest.mark.parametrize(
    "source",
    [
        "<img src=x onerror=alert(1)>",
        "<div onmouseover=alert(1)>hover me</div>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<body onload=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<marquee onstart=alert(1)>hi</marquee>",
    ],
)
def test_sanitizer_shows_an_element_outside_the_allowlist_as_text_with_its_handler(source):
    fragment = clean(source)

    assert set(tags(fragment)) <= {"p"}
    assert "alert(1)" in text(fragment)
    assert event_handler_attributes(fragment) == []


SCRIPT_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "javascript:123",
    "jav&#x09;ascript:alert(1)",
    "jav&#x0A;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_markdown_link_to_a_script_url_keeps_its_text_but_cannot_run_it(url):
    link = only(render(f"[read this]({url})"), "a")

    assert not runs_script(link.get("href")), link.get("href")
    assert text(link) == "read this"


@pytest.mark.parametrize("url", SCRIPT_URLS + ["java\tscript:alert(1)", "java\nscript:alert(1)"])
def test_html_link_to_a_script_url_keeps_its_text_but_cannot_run_it(url):
    fragment = render(f'<a href="{url}">read this</a>')
    assert elements(fragment, "a") == []
    assert text(fragment) == "read this"

    link = only(clean(f'<a href="{url}">read this</a>'), "a")
    assert not runs_script(link.get("href")), link.get("href")
    assert text(link) == "read this"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "vbscript:msgbox(1)", "javascript:123"])
def test_reference_link_to_a_script_url_cannot_run_it(url):
    link = only(render(f"[read this][r]\n\n[r]: {url}"), "a")

    assert not runs_script(link.get("href")), link.get("href")


@pytest.mark.parametrize(
    "source", ["<javascript:alert(1)>", "<vbscript:msgbox(1)>", "<data:text/html,x>"]
)
def test_autolink_to_a_script_url_is_not_made_a_link(source):
    fragment = render(source)

    # cmark blanks the target; an <a> without one is a placeholder, not a link.
    assert [a.get("href") for a in elements(fragment, "a")] in ([], [None])
    assert text(fragment) == source[1:-1]


@pytest.mark.parametrize(
    "source",
    [
        "javascript:alert(1)",
        "data:example.com/page",
        "data://example.com/page",
        "feed:example.com",
        "ftp://example.com/",
    ],
)
def test_bare_address_with_another_protocol_is_left_as_text(source):
    fragment = render(source)

    assert elements(fragment, "a") == []
    assert text(fragment) == source


@pytest.mark.parametrize(
    ("source", "tag"),
    [
        ('<p style="position:fixed;inset:0">cover</p>', "p"),
        ('<a href="https://example.org/" style="display:block;height:100vh">x</a>', "a"),
        ('<b style="background:url(javascript:alert(1))">x</b>', "b"),
        ('<em style="behavior:url(x.htc);-moz-binding:url(x.xml#y)">x</em>', "em"),
    ],
)
def test_style_attribute_is_removed(source, tag):
    assert "style" not in render_markdown(source)  # the element is left out, style and all
    assert only(clean(source), tag).get("style") is None


@pytest.mark.parametrize(
    ("source", "tag"),
    [
        ("<iframe src=https://attacker.example/></iframe>", "iframe"),
        ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "iframe"),
        ("<object data=javascript:alert(1)></object>", "object"),
        ("<embed src=javascript:alert(1)>", "embed"),
        ("<svg onload=alert(1)>", "svg"),
        ("<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>", "svg"),
        ("<math><mi xlink:href=javascript:alert(1)>x</mi></math>", "math"),
        ("<form action=javascript:alert(1)><button>Go</button></form>", "form"),
        ("<button formaction=javascript:alert(1)>Go</button>", "button"),
        ("<style>body { display: none }</style>", "style"),
        ("<link rel=stylesheet href=https://attacker.example/x.css>", "link"),
        ("<meta http-equiv=refresh content=0;url=javascript:alert(1)>", "meta"),
        ("<base href=https://attacker.example/>", "base"),
        ("<textarea><script>alert(1)</script></textarea>", "textarea"),
    ],
)
def test_embedding_and_form_elements_do_not_become_elements(source, tag):
    # The pipeline leaves them out, or shows as text what is not well-formed HTML
    # ("content=0;url=…" is no attribute value); the sanitizer shows them as text.
    assert set(tags(render(source))) <= ALLOWED_TAGS

    fragment = clean(source)
    assert set(tags(fragment)) <= ALLOWED_TAGS
    assert f"<{tag}" in text(fragment)


@pytest.mark.parametrize(
    "source",
    [
        "![scan](https://example.org/scan.png)",
        "![x](javascript:alert(1))",
        "[![scan](https://example.org/scan.png)](https://example.org/)",
        "<img src=https://example.org/scan.png>",
        "<picture><img src=x></picture>",
        "<IMG SRC=JaVaScRiPt:alert(1)>",
    ],
)
@both_stages
def test_images_are_not_kept(stage, source):
    assert "img" not in tags(stage(source))


@both_stages
def test_html_comment_is_removed(stage):
    fragment = stage("Before <!-- <script>alert(1)</script> --> after")

    assert not any(el.tag is ElementTree.Comment for el in fragment.iter())
    assert "script" not in tags(fragment)


@both_stages
def test_cdata_section_cannot_smuggle_a_script(stage):
    fragment = stage("<![CDATA[<script>alert(1)</script>]]>")

    assert "script" not in tags(fragment)


def test_quote_inside_an_attribute_cannot_close_it_to_add_a_handler():
    source = "<a href='https://example.org/\" onclick=alert(1) x=\"'>x</a>"
    assert "onclick" not in render_markdown(source)  # the link is left out

    fragment = clean(source)
    link = only(fragment, "a")
    assert link.get("href") == 'https://example.org/" onclick=alert(1) x="'
    assert event_handler_attributes(fragment) == []


def test_handler_text_inside_a_title_stays_in_the_title():
    source = '<a href="https://example.org/" title="x onmouseover=alert(1)">y</a>'
    assert "onmouseover" not in render_markdown(source)  # the link is left out

    fragment = clean(source)
    assert only(fragment, "a").get("title") == "x onmouseover=alert(1)"
    assert event_handler_attributes(fragment) == []


@pytest.mark.parametrize(
    "source",
    [
        "<a href=https://example.org/ onclick=alert(1",
        '<a href="https://example.org/ onclick=alert(1)>x</a>',
        "<b onmouseover=alert(1)//",
        "<p title='</p><img src=x onerror=alert(1)>'>x",
    ],
)
@both_stages
def test_unterminated_tag_or_attribute_yields_no_handler(stage, source):
    fragment = stage(source)

    assert event_handler_attributes(fragment) == []
    assert set(tags(fragment)) <= ALLOWED_TAGS


def test_link_nested_in_a_link_cannot_bring_back_a_script_url():
    fragment = render('<a href="https://example.org/">[y](javascript:alert(1))</a>')

    # The outer link, written in HTML, is left out; the Markdown one stays, harmless.
    assert [runs_script(a.get("href")) for a in elements(fragment, "a")] == [False]


@pytest.mark.parametrize(
    "source",
    [
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    ],
)
@both_stages
def test_parser_confusion_tricks_come_out_inert(stage, source):
    # What one parser reads as text another may read as markup; the output must be
    # inert when the browser's parser reads it again.
    fragment = stage(source)

    assert set(tags(fragment)) <= ALLOWED_TAGS
    assert event_handler_attributes(fragment) == []
