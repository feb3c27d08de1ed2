"""The sitemap that search engines read."""

import pytest

from articles.tests.factories import import_site_articles

pytestmark = pytest.mark.django_db


def test_sitemap_lists_both_articles(client):
    import_site_articles()

    content = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/articles/necrotizing-myopathy/</loc>" in content
    assert "<loc>http://testserver/articles/necrotizing-myopathy-symptoms/</loc>" in content


def test_robots_txt_points_crawlers_at_the_sitemap_and_away_from_account_pages(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /accounts/" in lines
    # The admin's address is a setting, kept out of a public file.
    assert not any("admin" in line for line in lines)
