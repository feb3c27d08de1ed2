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

import pytest

from markup.render import render_markdown
from markup.tests.parsing import (
    LINK_REL,
    clean,
    elements,
    only,
    render,
    tags,
    text,
)

# For what must hold of the whole pipeline and of the sanitizer on its own.
both_stages = pytest.mark.parametrize("stage", [render, clean], ids=["pipeline", "sanitizer"])


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
