"""
Input built to make a Markdown pipeline slow or make it recurse: the pathological cases
of cmark's own test suite (test/pathological_tests.py, at sizes like its own), and more
for what Askwell adds after cmark: bleach's HTML parser, linkify and the nesting cap.

Anyone can send text to the preview, so each must render in well under a second, come
out within the allowlist and shallow, and the time must grow with the length of the
input, not with its square.
"""

import itertools
import time

import pytest

from markup.render import MAX_NESTING, MAX_SOURCE_LENGTH, render_markdown
from markup.tests.parsing import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    elements,
    parse,
    runs_script,
)

# cmark itself takes milliseconds for any of these; the rest is bleach (pure Python).
# Times are the process's CPU time: what a request costs the server, and what other
# processes busy on the same machine do not change (wall-clock time under load would).
TIME_LIMIT = 1.0  # seconds
REPEAT = 30_000


def reference_collisions(count=3_000):
    """Link reference definitions whose labels all land in one bucket of cmark's table."""

    def lands_in_bucket_zero(label):
        h = 0
        for character in label:
            h = (ord(character) + ((h << 6) & 0xFFFFFFFF) + ((h << 16) & 0xFFFFFFFF) - h) & (
                0xFFFFFFFF
            )
        return h % 16 == 0

    labels = (f"x{n}" for n in itertools.count())
    colliding = list(itertools.islice(filter(lands_in_bucket_zero, labels), count))
    return "".join(f"[{label}]: /url\n\n[{colliding[0]}]\n\n" for label in colliding[1:])


# cmark's set, by its names.
COMMONMARK_PATHOLOGICAL = {
    "nested strong emphasis": "*a **a " * REPEAT + "b" + " a** a*" * REPEAT,
    "emphasis closers with no openers": "a_ " * REPEAT,
    "emphasis openers with no closers": "_a " * REPEAT,
    "asterisk openers with no closers": "*a " * REPEAT,
    "link closers with no openers": "a]" * REPEAT,
    "link openers with no closers": "[a" * REPEAT,
    "mismatched openers and closers": "*a_ " * REPEAT,
    "openers and closers multiple of 3": "a**b" + "c* " * REPEAT,
    "link openers and emphasis closers": "[ a_" * REPEAT,
    "pattern [ (]( repeated": "[ (](" * REPEAT,
    "pattern ![[]() repeated": "![[]()" * REPEAT,
    "hard link/emphasis case": "**x [a*b**c*](d)",
    "nested brackets": "[" * REPEAT + "a" + "]" * REPEAT,
    "nested block quotes": "> " * REPEAT + "a",
    "deeply nested lists": "".join("  " * level + "* a\n" for level in range(1_000)),
    "U+0000 in input": "abc\u0000de\u0000",
    "backticks": "".join("e" + "`" * length for length in range(1, 2_000)),
    "unclosed links A": "[a](<b" * REPEAT,
    "unclosed links B": "[a](b" * REPEAT,
    "unclosed HTML comments": "</" + "<!--" * REPEAT,
    "many link reference definitions": (
        "".join(f"[{n}]: u\n" for n in range(1, REPEAT)) + "[0] " * REPEAT
    ),
    "reference collisions": reference_collisions(),
}

# What the rest of the pipeline could trip over: deep nesting for bleach's parser, dense
# markup, and long runs for linkify's pattern.
ASKWELL_PATHOLOGICAL = {
    "10,000 nested list markers": "- " * 10_000 + "x",
    "10,000 nested numbered list markers": "1. " * 10_000 + "x",
    "10,000 nested quote markers": "> " * 10_000 + "x",
    "10,000 quote markers without spaces": ">" * 10_000 + "x",
    "10,000 nested * emphasis": "*" * 10_000 + "a" + "*" * 10_000,
    "10,000 nested _ emphasis": "_" * 10_000 + "a" + "_" * 10_000,
    "10,000 nested emphasis with text": "_a __a " * 1_500 + "b" + " a__ a_" * 1_500,
    "10,000 nested links": "[" * 10_000 + "a" + "](b)" * 10_000,
    "10,000 nested images": "![" * 10_000 + "a" + "](b)" * 10_000,
    "quotes and lists in turn": "> - " * 10_000 + "x",
    "50,000 [": "[" * 50_000,
    "50,000 <": "<" * 50_000,
    "50,000 &": "&" * 50_000,
    "50,000 backticks": "`" * 50_000,
    "50,000 backticks with text": "`a" * 25_000,
    "50,000 backslashes": "\\" * 50_000,
    "character references": "&#" * 25_000,
    "processing instruction openers": "<?" * REPEAT,
    "declaration openers": "<!A" * REPEAT,
    "CDATA openers": "<![CDATA[" * REPEAT,
    "unclosed tags": "<a href=" * REPEAT,
    "many links": "[a](b) " * REPEAT,
    "many images": "![a](b) " * REPEAT,
    "many headings": "# a\n" * REPEAT,
    "many line breaks": "a\n" * REPEAT,
    "many bare addresses": "example.org " * REPEAT,
    "host name of dots and dashes": "a.b-" * REPEAT,
    "word of dashes": "a-" * REPEAT,
    "opening parentheses": "(" * 50_000,
    "address ending in full stops": "https://example.org/" + "." * 50_000,
    "address ending in parentheses": "https://example.org/" + ")" * 50_000,
    "1,000,000 characters": "[" * 1_000_000,
}


def depth(fragment):
    """How deeply elements are nested in the fragment, without recursion."""
    deepest, stack = 0, [(fragment, 0)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in node)
    return deepest


def assert_within_the_allowlist(html):
    fragment = parse(html)
    for el in elements(fragment):
        assert el.tag in ALLOWED_TAGS, el.tag
        assert set(el.attrib) <= ALLOWED_ATTRIBUTES.get(el.tag, frozenset()), el.attrib
        if el.tag == "a":
            assert el.get("rel") == LINK_REL
            assert not runs_script(el.get("href"))
    # A list level is two elements (list and item), and a paragraph, a link and the
    # emphasis an image becomes inside it can come on top.
    assert depth(fragment) <= 2 * MAX_NESTING + 4


def render_timed(source):
    """The rendered HTML and the shorter of two renderings' times (a garbage collection
    may land in one)."""
    times = []
    for _ in range(2):
        start = time.process_time()
        html = render_markdown(source)
        times.append(time.process_time() - start)
        if times[-1] < TIME_LIMIT / 4:
            break
    return html, min(times)


@pytest.mark.parametrize(
    "source", COMMONMARK_PATHOLOGICAL.values(), ids=COMMONMARK_PATHOLOGICAL.keys()
)
def test_commonmark_pathological_input_renders_in_well_under_a_second(source):
    html, seconds = render_timed(source)

    assert seconds < TIME_LIMIT, f"{seconds:.3f} s"
    assert_within_the_allowlist(html)


@pytest.mark.parametrize("source", ASKWELL_PATHOLOGICAL.values(), ids=ASKWELL_PATHOLOGICAL.keys())
def test_input_built_against_the_rest_of_the_pipeline_renders_in_well_under_a_second(source):
    html, seconds = render_timed(source)

    assert seconds < TIME_LIMIT, f"{seconds:.3f} s"
    assert_within_the_allowlist(html)


def best_time(source, runs):
    times = []
    for _ in range(runs):
        start = time.process_time()
        render_markdown(source)
        times.append(time.process_time() - start)
    return min(times)


@pytest.mark.parametrize(
    "unit",
    ["[", "&", "<", "a]", "_a ", "*a_ ", "[a](<b", "> ", "- ", "* a\n", "[a](b) "]
    + ["![a](b) ", "example.org ", "a.b-", "`a", "</<!--", "\\"],
)
def test_rendering_time_grows_linearly_with_the_input(unit):
    small = unit * (MAX_SOURCE_LENGTH // 4 // len(unit))
    large = unit * (MAX_SOURCE_LENGTH // len(unit))

    small_time, large_time = best_time(small, runs=5), best_time(large, runs=3)

    # Linear would be 4×, quadratic 16×; a millisecond allows for the timer's noise.
    assert large_time < 8 * small_time + 0.001, f"{small_time:.4f} s, then {large_time:.4f} s"


# --- The caps ----------------------------------------------------------------------------


def count(html, tag):
    return len(elements(parse(html), tag))


@pytest.mark.parametrize(("marker", "tag"), [("> ", "blockquote"), ("- ", "ul"), ("1. ", "ol")])
def test_quotes_and_lists_nested_up_to_the_cap_are_kept(marker, tag):
    assert count(render_markdown(marker * MAX_NESTING + "deep"), tag) == MAX_NESTING


@pytest.mark.parametrize(("marker", "tag"), [("> ", "blockquote"), ("- ", "ul"), ("1. ", "ol")])
def test_quotes_and_lists_nested_past_the_cap_are_flattened_into_their_text(marker, tag):
    html = render_markdown(marker * (MAX_NESTING + 10) + "deep")

    assert count(html, tag) == MAX_NESTING
    assert "deep" in "".join(parse(html).itertext())


def test_emphasis_nested_past_the_cap_is_flattened_into_its_text():
    html = render_markdown("*a **a " * 40 + "b" + " a** a*" * 40)

    assert count(html, "em") + count(html, "strong") == MAX_NESTING
    assert "".join(parse(html).itertext()).split() == ["a"] * 80 + ["b"] + ["a"] * 80


def test_a_link_past_the_cap_keeps_its_text():
    html = render_markdown("> " * (MAX_NESTING + 1) + "[see](https://example.org/)")

    assert count(html, "a") == 0
    assert "see" in "".join(parse(html).itertext())


def test_text_past_the_length_cap_is_dropped():
    html = render_markdown("a" * MAX_SOURCE_LENGTH + "TAIL")

    assert "TAIL" not in html
    assert html.count("a") >= MAX_SOURCE_LENGTH


@pytest.mark.parametrize("source", ["abc\u0000de", "abc\ud800de"])
def test_nul_and_lone_surrogates_become_replacement_characters(source):
    assert "".join(parse(render_markdown(source)).itertext()) == "abc\ufffdde"
