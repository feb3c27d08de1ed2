import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts sign-in attempts and e-mails sent in the cache: start each test at zero."""
    cache.clear()
    yield
    cache.clear()
