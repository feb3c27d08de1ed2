"""The article content files hold the source texts word for word; only structure is added."""

import html
import re
from pathlib import Path

import pytest

from articles.content import CONTENT_DIR, parse_article_file
from articles.tests.factories import import_site_articles

SEEDS = Path(__file__).resolve().parent / "data"

# The first source page carries the site's own interface lines, which Askwell shows as
# its search box and its call to action rather than as article text.
INTERFACE_LINES = {
    "Couldn't find what you looking for?",
    "Still have something to ask?",
    "Get help from other members!",
    "Post Your Question On The Forums",
}
# Markdown structure added to the content files: headings and list items.
MARKDOWN_MARKER = re.compile(r"^(?:## |- )")
SEED_LIST_MARKER = re.compile(r"^– ")


def content_words(slug):
    body = parse_article_file(CONTENT_DIR / f"{slug}.md").body
    return " ".join(MARKDOWN_MARKER.sub("", line) for line in body.splitlines()).split()


def seed_words(name):
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    kept = [SEED_LIST_MARKER.sub("", line) for line in lines if line.strip() not in INTERFACE_LINES]
    return " ".join(kept).split()


def rendered_words(article):
    # Block elements sit on lines of their own, so dropping tags keeps words apart and
    # keeps punctuation next to the bold words it follows.
    text = html.unescape(re.sub(r"<[^>]+>", "", article.body_html))
    return text.split()


def test_necrotizing_myopathy_article_holds_the_source_words_exactly():
    assert content_words("necrotizing-myopathy") == seed_words("seed-necrotizing-myopathy.txt")


def test_symptoms_article_holds_the_source_words_exactly():
    assert content_words("necrotizing-myopathy-symptoms") == seed_words(
        "seed-necrotizing-myopathy-symptoms.txt"
    )


@pytest.mark.django_db
def test_necrotizing_myopathy_page_reads_word_for_word_like_the_source():
    article = import_site_articles()["necrotizing-myopathy"]

    assert rendered_words(article) == seed_words("seed-necrotizing-myopathy.txt")


@pytest.mark.django_db
def test_symptoms_page_reads_word_for_word_like_the_source_without_bold_markers():
    article = import_site_articles()["necrotizing-myopathy-symptoms"]

    expected = [
        word.replace("**", "") for word in seed_words("seed-necrotizing-myopathy-symptoms.txt")
    ]
    assert rendered_words(article) == [word for word in expected if word]


@pytest.mark.django_db
def test_necrotizing_myopathy_page_has_its_four_questions_as_headings():
    article = import_site_articles()["necrotizing-myopathy"]

    assert re.findall(r"<h2>(.*?)</h2>", article.body_html) == [
        "What is necrotizing myopathy?",
        "Why is necrotizing myopathy caused?",
        "How is necrotizing myopathy diagnosed?",
        "How is necrotizing myopathy treated?",
    ]


@pytest.mark.django_db
def test_symptoms_page_has_its_summary_as_a_list_of_six_items():
    article = import_site_articles()["necrotizing-myopathy-symptoms"]

    lists = re.findall(r"<ul>(.*?)</ul>", article.body_html, flags=re.DOTALL)
    assert len(lists) == 1
    items = re.findall(r"<li>(.*?)</li>", lists[0])
    assert len(items) == 6
    assert items[1] == "<strong>Muscle pain or tenderness</strong> (variable)"


@pytest.mark.django_db
def test_symptoms_page_keeps_the_source_bold_as_strong():
    article = import_site_articles()["necrotizing-myopathy-symptoms"]

    assert re.findall(r"<strong>(.*?)</strong>", article.body_html) == [
        "progressive, symmetrical muscle weakness",
        "muscle pain or tenderness",
        "fatigue",
        "difficulty swallowing (dysphagia)",
        "creatine kinase (CK)",
        "Progressive, symmetrical proximal muscle weakness",
        "Muscle pain or tenderness",
        "Muscle fatigue and stiffness",
        "Difficulty swallowing or speaking",
    ]
    assert "**" not in article.body_html
