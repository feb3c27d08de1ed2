"""
`manage.py check --deploy` says when production would run on a cache each worker keeps
to itself, and the settings find the client's address behind our own proxy.
"""

import pytest

from config.checks import check_shared_cache
from config.tests.test_settings import PRODUCTION_ENV, run_python

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


@pytest.mark.parametrize("caches", [LOCAL_MEMORY, NO_CACHE], ids=["local memory", "dummy"])
def test_production_on_a_cache_of_its_own_per_worker_is_warned_about(settings, caches):
    settings.DEBUG = False
    settings.CACHES = caches

    (warning,) = check_shared_cache(None)

    assert warning.id == "askwell.W001"
    assert "rate limits would be counted per worker" in warning.msg
    assert "authenticator code used once could be used again" in warning.msg
    assert "REDIS_URL" in warning.hint


def test_production_on_a_shared_cache_is_not_warned_about(settings):
    settings.DEBUG = False
    settings.CACHES = REDIS

    assert check_shared_cache(None) == []


def test_a_development_machine_on_local_memory_is_not_warned_about(settings):
    settings.DEBUG = True
    settings.CACHES = LOCAL_MEMORY

    assert check_shared_cache(None) == []


def test_deploy_check_without_redis_reports_the_per_worker_cache():
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != "REDIS_URL"}

    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    assert "askwell.W001" in result.stderr + result.stdout


def trusted_proxy_count(**env):
    result = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        DJANGO_DEBUG="1",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_behind_our_proxy_the_client_is_the_address_the_proxy_added():
    assert trusted_proxy_count(DJANGO_BEHIND_PROXY="1") == 1


def test_without_a_proxy_x_forwarded_for_is_ignored():
    assert trusted_proxy_count() == 0


def test_the_number_of_our_proxies_is_a_setting():
    assert trusted_proxy_count(DJANGO_BEHIND_PROXY="1", DJANGO_TRUSTED_PROXY_COUNT="2") == 2


def smtp_timeout(**env):
    result = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.MAILERS['default']['OPTIONS']['timeout'])",
        **{**PRODUCTION_ENV, **env},
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_in_production_a_silent_mail_server_holds_the_worker_ten_seconds_at_most():
    assert smtp_timeout() == 10
    assert smtp_timeout(EMAIL_TIMEOUT="3") == 3
