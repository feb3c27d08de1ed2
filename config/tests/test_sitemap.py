"""The sitemap that search engines read."""

import pytest

from articles.tests.factories import import_site_articles

pytestmark = pytest.mark.django_db


def test_sitemap_lists_both_articles(client):
    import_site_articles()

    content = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/articles/necrotizing-myopathy/</loc>" in content
    assert "<loc>http://testserver/articles/necrotizing-myopathy-symptoms/</loc>" in content
