"""
What members' Markdown turns into when it is meant to run script: inert text, or the
same markup without the part that would run.

The output is read back with html5lib, the way a browser's parser reads it, so that
assertions are about real elements and attributes; escaped text that merely mentions
"onerror" or "<script>" is what a reader is meant to see.
"""

from xml.etree import ElementTree

import pytest

from markup.tests.parsing import (
    ALLOWED_TAGS,
    elements,
    event_handler_attributes,
    only,
    render,
    runs_script,
    tags,
    text,
)

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
def test_script_tag_does_not_become_an_element(source):
    assert "script" not in tags(render(source))


def test_script_tag_is_shown_to_the_reader_as_written():
    assert text(render("<script>alert(1)</script>")) == "<script>alert(1)</script>"


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
    fragment = render(source)

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
def test_element_outside_the_allowlist_is_shown_as_text_with_its_handler(source):
    fragment = render(source)

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
    link = only(render(f'<a href="{url}">read this</a>'), "a")

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
    assert elements(render(source), "a") == []


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
    assert only(render(source), tag).get("style") is None


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
def test_embedding_and_form_elements_are_shown_as_text(source, tag):
    fragment = render(source)

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
def test_images_are_not_kept(source):
    assert "img" not in tags(render(source))


def test_html_comment_is_removed():
    fragment = render("Before <!-- <script>alert(1)</script> --> after")

    assert not any(el.tag is ElementTree.Comment for el in fragment.iter())
    assert "script" not in tags(fragment)


def test_cdata_section_cannot_smuggle_a_script():
    fragment = render("<![CDATA[<script>alert(1)</script>]]>")

    assert "script" not in tags(fragment)


def test_quote_inside_an_attribute_cannot_close_it_to_add_a_handler():
    fragment = render("<a href='https://example.org/\" onclick=alert(1) x=\"'>x</a>")

    link = only(fragment, "a")
    assert link.get("href") == 'https://example.org/" onclick=alert(1) x="'
    assert event_handler_attributes(fragment) == []


def test_handler_text_inside_a_title_stays_in_the_title():
    fragment = render('<a href="https://example.org/" title="x onmouseover=alert(1)">y</a>')

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
def test_unterminated_tag_or_attribute_yields_no_handler(source):
    fragment = render(source)

    assert event_handler_attributes(fragment) == []
    assert set(tags(fragment)) <= ALLOWED_TAGS


def test_link_nested_in_a_link_cannot_bring_back_a_script_url():
    fragment = render('<a href="https://example.org/">[y](javascript:alert(1))</a>')

    assert [runs_script(a.get("href")) for a in elements(fragment, "a")] == [False, False]


@pytest.mark.parametrize(
    "source",
    [
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    ],
)
def test_parser_confusion_tricks_come_out_inert(source):
    # What one parser reads as text another may read as markup; the output must be
    # inert when the browser's parser reads it again.
    fragment = render(source)

    assert set(tags(fragment)) <= ALLOWED_TAGS
    assert event_handler_attributes(fragment) == []


def test_a_markdown_image_becomes_a_link_to_it_labelled_with_its_description():
    fragment = render("![MRI scan](https://example.org/scan.png)")

    (link,) = fragment.iter("a")
    assert link.get("href") == "https://example.org/scan.png"
    assert link.text == "MRI scan"
    assert link.get("rel") == "nofollow ugc noopener"


def test_an_image_inside_a_link_becomes_the_links_text():
    fragment = render("[![scan](https://example.org/scan.png)](https://example.org/report)")

    (link,) = fragment.iter("a")
    assert link.get("href") == "https://example.org/report"
    assert "".join(link.itertext()) == "scan"


def test_an_image_with_a_script_address_becomes_text_without_a_link_target():
    fragment = render("![x](javascript:alert(1))")

    assert [link.get("href") for link in fragment.iter("a")] == [None]


@pytest.mark.parametrize("source", ["`https://example.org`", "```\nhttps://example.org\n```"])
def test_an_address_quoted_in_code_is_not_turned_into_a_link(source):
    fragment = render(source)

    assert list(fragment.iter("a")) == []
    assert "https://example.org" in "".join(fragment.itertext())
