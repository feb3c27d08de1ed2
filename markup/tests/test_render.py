"""
What members' Markdown turns into: ordinary writing keeps its shape, and markup meant
to run script comes out as inert text or loses the part that would run.

The output is read back with html5lib, the way a browser's parser reads it, so that
assertions are about real elements and attributes; escaped text that merely mentions
"onerror" or "<script>" is what a reader is meant to see.

HTML written by members never gets past the CommonMark engine: it is left out. The tests
about raw HTML also run it straight through the sanitizer (`sanitize_html`), the second
line, which must hold on its own if the engine ever let some through.
"""

from xml.etree import ElementTree

import pytest

from markup.render import render_markdown, sanitize_html
from markup.tests.parsing import (
    ALLOWED_TAGS,
    LINK_REL,
    elements,
    local_name,
    parse,
    runs_script,
)


def render(source):
    """The rendered fragment, parsed as a browser would."""
    return parse(render_markdown(source))


def clean(source):
    """The source taken as HTML by the sanitizer alone, parsed as a browser would."""
    return parse(sanitize_html(source))


# For what must hold of the whole pipeline and of the sanitizer on its own.
both_stages = pytest.mark.parametrize("stage", [render, clean], ids=["pipeline", "sanitizer"])


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


# --- Ordinary writing ---------------------------------------------------------------


def test_blank_line_separates_paragraphs():
    fragment = render("My first symptom was fatigue.\n\nThen came the muscle pain.")

    assert [text(p) for p in elements(fragment, "p")] == [
        "My first symptom was fatigue.",
        "Then came the muscle pain.",
    ]


def test_single_newline_becomes_a_line_break():
    fragment = render("Monday: 10 mg\nTuesday: 20 mg")

    paragraph = only(fragment, "p")
    assert tags(paragraph) == ["br"]
    assert text(paragraph) == "Monday: 10 mg\nTuesday: 20 mg"


@pytest.mark.parametrize(
    ("source", "tag"),
    [("*very*", "em"), ("_very_", "em"), ("**very**", "strong"), ("__very__", "strong")],
)
def test_asterisks_and_underscores_give_emphasis(source, tag):
    fragment = render(f"It was {source} tiring.")

    assert text(only(fragment, tag)) == "very"
    assert text(only(fragment, "p")) == "It was very tiring."


def test_dash_items_become_a_bulleted_list():
    fragment = render("- prednisone\n- methotrexate")

    assert [text(li) for li in elements(only(fragment, "ul"), "li")] == [
        "prednisone",
        "methotrexate",
    ]


def test_numbered_items_become_a_numbered_list():
    fragment = render("1. See your GP\n2. Ask for a CK test")

    assert [text(li) for li in elements(only(fragment, "ol"), "li")] == [
        "See your GP",
        "Ask for a CK test",
    ]


def test_angle_bracket_lines_become_a_quote():
    fragment = render("> Rest is part of the treatment.")

    assert text(only(only(fragment, "blockquote"), "p")) == "Rest is part of the treatment."


def test_indented_code_keeps_its_characters_as_visible_text():
    fragment = render("    if dose > 20 and <b>:\n")

    code = only(only(fragment, "pre"), "code")
    assert text(code) == "if dose > 20 and <b>:\n"
    assert elements(code) == []


def test_fenced_code_shows_html_instead_of_running_it():
    fragment = render("```\n<script>alert(1)</script>\n```")

    assert text(only(only(fragment, "pre"), "code")) == "<script>alert(1)</script>\n"
    assert "script" not in tags(fragment)


def test_backticks_give_inline_code():
    fragment = render("Type `x < y` to compare.")

    assert text(only(fragment, "code")) == "x < y"


def test_three_dashes_give_a_horizontal_rule():
    assert tags(render("Before\n\n---\n\nAfter")) == ["p", "hr", "p"]


def test_markdown_link_keeps_its_target_and_title_and_gets_the_rel():
    fragment = render('[Myositis UK](https://www.myositis.org.uk/ "Charity")')

    link = only(fragment, "a")
    assert dict(link.attrib) == {
        "href": "https://www.myositis.org.uk/",
        "title": "Charity",
        "rel": LINK_REL,
    }
    assert text(link) == "Myositis UK"


def test_reference_link_keeps_its_target():
    fragment = render("See [the guide][g].\n\n[g]: https://example.org/guide")

    assert only(fragment, "a").get("href") == "https://example.org/guide"


@pytest.mark.parametrize(
    "href", ["mailto:help@example.org", "/articles/necrotizing-myopathy/", "#dosage"]
)
def test_mail_and_site_links_keep_their_target(href):
    link = only(render(f"[ask]({href})"), "a")

    assert link.get("href") == href
    assert link.get("rel") == LINK_REL


def test_link_written_in_html_is_left_out_and_its_text_kept():
    fragment = render('<a href="https://example.org/" rel="opener" target="_blank">x</a>')

    assert elements(fragment, "a") == []
    assert text(fragment) == "x"


def test_sanitizer_gives_a_link_written_in_html_the_rel_instead_of_its_own():
    fragment = clean('<a href="https://example.org/" rel="opener" target="_blank">x</a>')

    assert dict(only(fragment, "a").attrib) == {"href": "https://example.org/", "rel": LINK_REL}


@pytest.mark.parametrize(
    ("address", "href"),
    [
        ("https://example.org/forum?page=2", "https://example.org/forum?page=2"),
        ("www.example.org", "http://www.example.org"),
    ],
)
def test_bare_address_in_text_becomes_a_link_with_the_rel(address, href):
    link = only(render(f"See {address} for more."), "a")

    assert dict(link.attrib) == {"href": href, "rel": LINK_REL}
    assert text(link) == address


@pytest.mark.parametrize(
    ("source", "href", "shown"),
    [
        (
            "(see https://example.org/guide).",
            "https://example.org/guide",
            "https://example.org/guide",
        ),
        ("At example.org, then", "http://example.org", "example.org"),
        (
            "https://en.wikipedia.org/wiki/Myositis_(disease)",
            "https://en.wikipedia.org/wiki/Myositis_(disease)",
            "https://en.wikipedia.org/wiki/Myositis_(disease)",
        ),
        (
            "(https://en.wikipedia.org/wiki/Myositis_(disease))",
            "https://en.wikipedia.org/wiki/Myositis_(disease)",
            "https://en.wikipedia.org/wiki/Myositis_(disease)",
        ),
        ("my-clinic.example.org/team", "http://my-clinic.example.org/team", None),
        ("https://example.org:8443/x?a=1&b=2", "https://example.org:8443/x?a=1&b=2", None),
    ],
)
def test_bare_address_leaves_out_the_punctuation_around_it(source, href, shown):
    link = only(render(source), "a")

    assert link.get("href") == href
    assert text(link) == (shown or source)


@pytest.mark.parametrize("source", ["help@example.org", "name@my-clinic.example.org"])
def test_email_address_is_not_made_a_link(source):
    assert elements(render(source), "a") == []


@pytest.mark.parametrize(
    ("source", "tag"),
    [
        ("# Diagnosis", "h2"),
        ("Diagnosis\n=========", "h2"),
        ("## Diagnosis", "h2"),
        ("### Diagnosis", "h3"),
        ("#### Diagnosis", "h4"),
        ("##### Diagnosis", "h4"),
        ("###### Diagnosis", "h4"),
    ],
)
def test_headings_are_kept_between_h2_and_h4(source, tag):
    fragment = render(source)

    assert tags(fragment) == [tag]
    assert text(fragment) == "Diagnosis"


@pytest.mark.parametrize("source", ["", None])
def test_empty_source_renders_to_nothing(source):
    assert render_markdown(source) == ""


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
