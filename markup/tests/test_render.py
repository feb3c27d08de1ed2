"""
What members' Markdown turns into: ordinary writing keeps its shape. (Markup meant to
run script: test_render_scripts.py.)

The output is read back with html5lib, the way a browser's parser reads it, so that
assertions are about real elements and attributes.
"""

import pytest

from markup.render import render_markdown
from markup.tests.parsing import LINK_REL, elements, only, render, tags, text

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


def test_link_written_in_html_gets_the_rel_instead_of_its_own():
    fragment = render('<a href="https://example.org/" rel="opener" target="_blank">x</a>')

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
