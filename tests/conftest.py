"""Fixtures for the browser tests: the data migrations make, the real articles,
signed-in browsers."""

import pytest
from django.conf import settings
from django.test import Client

from articles.tests.factories import import_site_articles


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
