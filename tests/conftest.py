"""Fixtures for the browser tests: the data migrations make, the real articles,
signed-in browsers."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import expect

from articles.tests.factories import import_site_articles
from forum.models import Draft
from tests.browser import axe_violations, field


@pytest.fixture
def imported_articles(migrated_data):
    """The site's own articles, imported the way `manage.py import_articles` does, by
    slug."""
    return import_site_articles()


@pytest.fixture
def signed_in_page(live_server, new_context):
    """A page in a new browser whose session belongs to `user`. (The sign-in form
    itself is used by the end-to-end tests.)"""

    def make(user, **context_args):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context = new_context(**context_args)
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return context.new_page()

    return make


@pytest.fixture
def check_pages(request, subtests, live_server, new_context, signed_in_page):
    """`check_pages(cases, who, values)`: each of `cases` (PageCase by name) that `who`
    opens, as a subtest, in a browser of its own, its path filled from `values`: no
    axe-core violations. A case's drafts and rate limits do not reach the next."""

    def check(cases, who, values):
        viewer = request.getfixturevalue(who) if who else None
        for name, case in cases.items():
            if case.who != who:
                continue
            with subtests.test(name):
                Draft.objects.all().delete()
                cache.clear()
                page = signed_in_page(viewer) if viewer else new_context().new_page()
                response = page.goto(live_server.url + case.path.format(**values))
                assert response.status == case.status
                for label, text in case.fill:
                    field(page, label).fill(text)
                if case.press:
                    page.get_by_role("button", name=case.press).click()
                for role, text in case.shows:
                    expect(page.get_by_role(role).filter(has_text=text).first).to_be_visible()
                assert axe_violations(page) == []
                page.context.close()

    return check
