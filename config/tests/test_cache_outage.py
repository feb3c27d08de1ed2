"""
With Redis away (stopped, or answering nothing), the site carries on without its
cache: signing in, signing up and resetting a password work; limits come back with
Redis (config/cache.py).
"""

import socket
import threading
import time

import pytest
from django.contrib import auth
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


def redis_at(port, backend="config.cache.ResilientRedisCache"):
    return {
        "default": {
            "BACKEND": backend,
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_stopped(settings, free_port):
    """The cache is Redis, and nothing listens where it should be."""
    settings.CACHES = redis_at(free_port)


@pytest.fixture
def redis_silent(settings):
    """The cache is a Redis that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held = []

    def accept_forever():
        while True:
            try:
                held.append(listener.accept())
            except OSError:
                return

    threading.Thread(target=accept_forever, daemon=True).start()
    settings.CACHES = redis_at(listener.getsockname()[1])
    yield
    listener.close()


def sign_in(client):
    return client.post(reverse("account_login"), {"login": "patient_pat", "password": PASSWORD})


def test_with_plain_redis_stopped_signing_in_would_fail(settings, free_port, client):
    """What the resilient cache is for: Django's own Redis cache raises."""
    settings.CACHES = redis_at(free_port, backend="django.core.cache.backends.redis.RedisCache")
    MemberFactory(username="patient_pat")
    client.raise_request_exception = True

    with pytest.raises(Exception, match="(?i)connect"):
        sign_in(client)


def test_with_redis_stopped_a_member_signs_in(redis_stopped, client):
    MemberFactory(username="patient_pat")

    response = sign_in(client)

    assert response.status_code == 302
    assert auth.get_user(client).username == "patient_pat"


def test_with_redis_stopped_a_visitor_signs_up(redis_stopped, client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "hana@example.org",
            "username": "hopeful_hana",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_with_redis_stopped_a_password_reset_is_sent(redis_stopped, client, mailoutbox):
    MemberFactory(username="patient_pat", email="patient_pat@example.org")

    response = client.post(reverse("account_reset_password"), {"email": "patient_pat@example.org"})

    assert response.status_code == 302
    assert mailoutbox[0].to == ["patient_pat@example.org"]


def test_with_redis_stopped_the_pages_are_served(redis_stopped, client):
    for path in ("/", "/forum/", reverse("account_login"), "/search/?q=fatigue"):
        assert client.get(path).status_code == 200, path


def test_a_redis_that_never_answers_costs_one_short_timeout_not_one_per_call(redis_silent, client):
    MemberFactory(username="patient_pat")

    started = time.monotonic()
    response = sign_in(client)
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    # One 0.5 s socket timeout, then the cache is left alone for a few seconds.
    assert elapsed < 2.5


def test_reads_miss_and_writes_are_dropped_while_redis_is_away(redis_stopped):
    assert cache.add("lock", True) is True
    cache.set("key", "value")
    assert cache.get("key", "missing") == "missing"
    assert cache.get_many(["key"]) == {}
    with pytest.raises(ValueError):
        cache.incr("key")


def test_with_redis_running_the_cache_works_as_usual(settings):
    settings.CACHES = redis_at(6379)
    cache.set("askwell-test-key", "value", 5)

    assert cache.get("askwell-test-key") == "value"
    cache.delete("askwell-test-key")
