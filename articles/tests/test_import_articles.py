"""`manage.py import_articles`: content files in, articles out, all or nothing."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.content import CONTENT_DIR
from articles.models import Article

pytestmark = pytest.mark.django_db

GOOD = """\
---
title: Muscle cramps
slug: muscle-cramps
summary: Why muscles cramp and what helps.
date: 2026-11-21
---

Cramps are **painful** but usually harmless.
"""


def run_import(folder=None):
    out = StringIO()
    if folder is None:
        call_command("import_articles", stdout=out)
    else:
        call_command("import_articles", dir=folder, stdout=out)
    return out.getvalue()


def copy_site_content(folder):
    for path in CONTENT_DIR.glob("*.md"):
        shutil.copy(path, folder / path.name)
    return folder


def test_importing_the_site_content_creates_both_articles_with_rendered_html():
    output = run_import()

    articles = {article.slug: article for article in Article.objects.all()}
    assert set(articles) == {"necrotizing-myopathy", "necrotizing-myopathy-symptoms"}
    assert articles["necrotizing-myopathy"].title == "Necrotizing myopathy"
    assert articles["necrotizing-myopathy"].body_html.startswith(
        "<h2>What is necrotizing myopathy?</h2>"
    )
    assert "<p>Necrotizing myopathy is a rare and serious muscle disease" in (
        articles["necrotizing-myopathy-symptoms"].body_html
    )
    assert "2 created, 0 updated, 0 unchanged" in output


def test_importing_again_creates_no_duplicates_and_reports_unchanged():
    run_import()
    first_ids = set(Article.objects.values_list("pk", flat=True))

    output = run_import()

    assert set(Article.objects.values_list("pk", flat=True)) == first_ids
    assert "0 created, 0 updated, 2 unchanged" in output


def test_an_edited_file_updates_the_existing_article_by_slug(tmp_path):
    copy_site_content(tmp_path)
    run_import(tmp_path)
    article = Article.objects.get(slug="necrotizing-myopathy")
    path = tmp_path / "necrotizing-myopathy.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Necrotizing myopathy", "title: Necrotizing autoimmune myopathy"
        ),
        encoding="utf-8",
    )

    output = run_import(tmp_path)

    article.refresh_from_db()
    assert article.title == "Necrotizing autoimmune myopathy"
    assert Article.objects.count() == 2
    assert "0 created, 1 updated, 1 unchanged" in output


def test_an_edited_body_is_rendered_again(tmp_path):
    (tmp_path / "cramps.md").write_text(GOOD, encoding="utf-8")
    run_import(tmp_path)
    (tmp_path / "cramps.md").write_text(
        GOOD.replace("usually harmless.", "usually harmless.\n\n- Stretch\n- Drink water"),
        encoding="utf-8",
    )

    run_import(tmp_path)

    assert "<li>Stretch</li>" in Article.objects.get(slug="muscle-cramps").body_html


BROKEN_FILES = {
    "no-front-matter": (
        "Cramps are painful but usually harmless.\n",
        "must start with a front matter line",
    ),
    "unclosed-front-matter": (
        GOOD.replace("date: 2026-11-21\n---\n", "date: 2026-11-21\n"),
        "front matter is not closed",
    ),
    "line-without-a-name": (
        GOOD.replace("title: Muscle cramps", "Muscle cramps"),
        "line 2: expected “name: value”",
    ),
    "missing-field": (
        GOOD.replace("summary: Why muscles cramp and what helps.\n", ""),
        "lacks: summary",
    ),
    "unknown-field": (
        GOOD.replace("date: 2026-11-21\n", "date: 2026-11-21\nauthor: Dr Smith\n"),
        "unknown field “author”",
    ),
    "duplicate-field": (
        GOOD.replace("title: Muscle cramps\n", "title: Muscle cramps\ntitle: Cramps\n"),
        "“title” is given twice",
    ),
    "empty-value": (
        GOOD.replace("summary: Why muscles cramp and what helps.", "summary:"),
        "“summary” is empty",
    ),
    "bad-slug": (
        GOOD.replace("slug: muscle-cramps", "slug: Muscle Cramps"),
        "slug “Muscle Cramps” may hold only lower-case letters, digits and hyphens",
    ),
    "slug-too-long": (
        GOOD.replace("slug: muscle-cramps", "slug: " + "a" * 121),
        "slug is longer than 120 characters",
    ),
    "title-too-long": (
        GOOD.replace("title: Muscle cramps", "title: " + "a" * 201),
        "title is longer than 200 characters",
    ),
    "bad-date": (
        GOOD.replace("date: 2026-11-21", "date: 21/11/2026"),
        "date “21/11/2026” is not a date",
    ),
    "empty-body": (
        GOOD.replace("Cramps are **painful** but usually harmless.\n", "\n\n"),
        "no text after the front matter",
    ),
    "too-long": (
        GOOD + "Cramps again. " * 2_000,
        "longer than the 25,000 characters the site renders",
    ),
}


@pytest.mark.parametrize(("text", "problem"), BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_a_broken_file_stops_the_import_naming_the_file_and_the_problem(tmp_path, text, problem):
    (tmp_path / "cramps.md").write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_import(tmp_path)

    assert "Nothing imported" in str(error.value)
    assert "cramps.md" in str(error.value)
    assert problem in str(error.value)
    assert not Article.objects.exists()


def test_a_file_that_is_not_utf8_stops_the_import_naming_the_file(tmp_path):
    (tmp_path / "cramps.md").write_bytes(GOOD.replace("painful", "p\xe4inful").encode("latin-1"))

    with pytest.raises(CommandError) as error:
        run_import(tmp_path)

    assert "cramps.md: the file is not valid UTF-8 text" in str(error.value)
    assert not Article.objects.exists()


def test_two_files_with_the_same_slug_stop_the_import_naming_both(tmp_path):
    (tmp_path / "a-cramps.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b-cramps.md").write_text(
        GOOD.replace("title: Muscle cramps", "title: Cramps again"), encoding="utf-8"
    )

    with pytest.raises(CommandError) as error:
        run_import(tmp_path)

    assert "b-cramps.md: slug “muscle-cramps” is already used by a-cramps.md" in str(error.value)
    assert not Article.objects.exists()


def test_a_missing_folder_stops_the_import_naming_the_folder(tmp_path):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path / "no-such-folder")

    assert "no-such-folder: no such folder" in str(error.value)


def test_an_empty_folder_stops_the_import_with_a_message(tmp_path):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path)

    assert f"no *.md files in {tmp_path}" in str(error.value)


def test_a_good_file_beside_a_broken_one_is_not_imported(tmp_path):
    (tmp_path / "a-cramps.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b-broken.md").write_text("No front matter here.\n", encoding="utf-8")

    with pytest.raises(CommandError):
        run_import(tmp_path)

    assert not Article.objects.exists()


def test_a_broken_file_leaves_existing_articles_untouched(tmp_path):
    copy_site_content(tmp_path)
    run_import(tmp_path)
    before = {a.slug: (a.title, a.body, a.updated_at) for a in Article.objects.all()}
    path = tmp_path / "necrotizing-myopathy.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Necrotizing myopathy", "title: Changed"),
        encoding="utf-8",
    )
    (tmp_path / "zz-broken.md").write_text(
        GOOD.replace("date: 2026-11-21", "date: someday"), encoding="utf-8"
    )

    with pytest.raises(CommandError):
        run_import(tmp_path)

    after = {a.slug: (a.title, a.body, a.updated_at) for a in Article.objects.all()}
    assert after == before
