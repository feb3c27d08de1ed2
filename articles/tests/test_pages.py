"""The site's rules (articles.pages): content files an operator edits, shown in the
site's design and linked from everywhere members are told of them."""

import pytest
from django.core import checks
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles import pages
from articles.content import ContentError


@pytest.mark.parametrize(
    ("slug", "heading", "says"),
    [
        ("guidelines", "Community guidelines", "How to appeal"),
        ("privacy", "Privacy notice", "Your rights, and how to use them"),
        ("terms", "Terms of use", "Not medical advice"),
    ],
)
def test_each_rules_page_is_shown_from_its_content_file(client, slug, heading, says):
    response = client.get(reverse("pages:page", args=[slug]))

    assertContains(response, f"<h1>{heading}</h1>", html=True)
    assertContains(response, says)


def test_an_unknown_page_is_not_found(client):
    assert client.get("/about/nothing-here/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/", "/forum/", "/articles/", reverse("account_signup"), reverse("forum:ask")]
)
def test_the_footer_links_every_rules_page(client, db, url):
    response = client.get(url)

    for slug in pages.REQUIRED_PAGES:
        assertContains(response, f'href="/about/{slug}/"')


def test_sign_up_names_the_terms_guidelines_and_privacy_notice(client, db):
    response = client.get(reverse("account_signup"))

    assertContains(response, "By creating an account you agree to the")


def test_the_ask_forms_before_you_post_links_the_guidelines(client, db):
    response = client.get(reverse("forum:ask"))

    assertContains(response, "Read the community guidelines")


def test_an_edited_page_is_shown_as_edited(tmp_path):
    page = tmp_path / "guidelines.md"
    page.write_text(
        "---\ntitle: Rules\nslug: guidelines\nsummary: S\ndate: 2026-01-01\n---\nBe kind.\n"
    )
    assert "Be kind." in pages.get_page("guidelines", directory=tmp_path).body_html

    page.write_text(
        "---\ntitle: Rules\nslug: guidelines\nsummary: S\ndate: 2026-01-02\n---\nBe kinder.\n"
    )

    assert "Be kinder." in pages.get_page("guidelines", directory=tmp_path).body_html


def test_a_page_whose_slug_is_not_its_file_name_is_refused(tmp_path):
    (tmp_path / "terms.md").write_text(
        "---\ntitle: T\nslug: other\nsummary: S\ndate: 2026-01-01\n---\nText.\n"
    )

    with pytest.raises(ContentError):
        pages.get_page("terms", directory=tmp_path)


def test_manage_py_check_reports_a_missing_page(monkeypatch, tmp_path):
    monkeypatch.setattr(pages, "PAGES_DIR", tmp_path)

    errors = pages.check_pages()

    assert {error.id for error in errors} == {"articles.E001"}


def test_the_shipped_pages_pass_the_check(db):
    assert pages.check_pages() == []
    assert [error for error in checks.run_checks() if error.id.startswith("articles.")] == []
