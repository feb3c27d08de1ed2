"""WCAG 2.2 non-text contrast (1.4.11): the focus ring and text-box borders stand out
at least 3:1 against the site's backgrounds, read from the stylesheet itself."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "static/css/site.css").read_text()


def variable(name):
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


BACKGROUNDS = ["paper", "card", "brand-tint", "warn-tint", "bad-tint", "ok-tint"]


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_the_focus_ring_stands_out_3_to_1(background):
    ring = re.search(r":focus-visible \{[^}]*outline: 3px solid var\(--([\w-]+)\)", CSS).group(1)

    assert contrast(variable(ring), variable(background)) >= 3


@pytest.mark.parametrize("background", ["paper", "card"])
def test_text_box_borders_stand_out_3_to_1(background):
    border = re.search(
        r"input\[type=\"url\"\], input\[type=\"number\"\], select, textarea \{[^}]*"
        r"border: 1px solid (#[0-9a-fA-F]{6})",
        CSS,
    ).group(1)

    assert contrast(border, variable(background)) >= 3
