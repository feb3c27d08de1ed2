"""
Response headers: a Permissions-Policy on every response; pages for signed-in members
kept out of shared caches; and gunicorn not announcing itself (config.server_header,
for the gunicorn configuration file).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.tests.staff import give_totp, sign_in_with_second_factor
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

OFF = ["camera", "microphone", "geolocation", "payment", "usb"]


def permissions_policy(response):
    policy = {}
    for part in response.headers["Permissions-Policy"].split(","):
        feature, _, allowed = part.strip().partition("=")
        policy[feature] = allowed
    return policy


def cache_control(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


def vary(response):
    return {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}


# Permissions-Policy.


@pytest.mark.parametrize(
    "url", ["/", "/forum/", "/accounts/login/", "/robots.txt", "/no-such-page/"]
)
def test_every_response_turns_off_the_browser_features_askwell_never_uses(client, url):
    policy = permissions_policy(client.get(url))

    assert {feature: policy.get(feature) for feature in OFF} == dict.fromkeys(OFF, "()")


def test_static_files_carry_the_permissions_policy_too(settings):
    # WhiteNoise answers before the rest of the middleware, as in production.
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get("/static/css/site.css")

    assert response.status_code == 200
    assert permissions_policy(response)["camera"] == "()"


def test_a_members_page_carries_the_permissions_policy(client, member):
    client.force_login(member)

    assert permissions_policy(client.get("/"))["microphone"] == "()"


# Members' pages stay out of shared caches.


@pytest.fixture
def member_pages(member):
    ArticleFactory(slug="muscle-cramps")
    return ["/", "/forum/", "/articles/muscle-cramps/", "/forum/ask/", "/accounts/email/"]


def test_pages_for_signed_in_members_are_private_and_vary_by_cookie(client, member, member_pages):
    client.force_login(member)

    for url in member_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in cache_control(response), url
        assert "cookie" in vary(response), url


def test_pages_for_readers_are_not_marked_private(client, member_pages):
    response = client.get("/articles/muscle-cramps/")

    assert "private" not in cache_control(response)


def test_a_visitors_page_showing_what_they_typed_is_private(client, category):
    typed = {"title": "Is this tiredness normal?", "category": category.pk, "body": "x" * 40}
    client.post("/forum/ask/", typed)

    response = client.get("/forum/ask/")

    assert "x" * 40 in response.text
    assert "private" in cache_control(response)
    assert "cookie" in vary(response)


def test_a_page_that_is_never_cached_stays_so_for_members(client, moderator):
    sign_in_with_second_factor(client, give_totp(moderator))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert {"private", "no-cache", "no-store"} <= cache_control(response)


def test_a_members_json_answer_is_private_too(client, member):
    client.force_login(member)

    response = client.get("/forum/similar/?title=How+long+does+recovery+take")

    assert response.status_code == 200
    assert "private" in cache_control(response)


# gunicorn's Server header.


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def headers_from_gunicorn(tmp_path, config_lines):
    """Start gunicorn on config.wsgi with a configuration file of `config_lines`, fetch
    /robots.txt over HTTP/1.1 from this machine, stop it; the response's headers."""
    port = free_port()
    config = tmp_path / "gunicorn_test.conf.py"
    config.write_text("\n".join([*config_lines, f"bind = '127.0.0.1:{port}'", "workers = 1"]))
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(django_settings.BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "askwell-tests-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_MANIFEST": "0",
    }
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "-c", str(config), "config.wsgi"],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(  # noqa: S310 (a local http URL)
                    f"http://127.0.0.1:{port}/robots.txt", timeout=5
                ) as response:
                    return response.headers
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_announces_itself_unless_told_not_to(tmp_path):
    headers = headers_from_gunicorn(tmp_path, [])

    assert headers["Server"] == "gunicorn"


def test_with_the_helper_gunicorn_sends_no_server_header(tmp_path):
    headers = headers_from_gunicorn(
        tmp_path,
        ["from config.server_header import hide_server_header", "hide_server_header()"],
    )

    assert "Server" not in headers
    assert headers["Permissions-Policy"].startswith("accelerometer=()")


def test_hiding_the_server_header_twice_changes_nothing_more():
    from gunicorn.http import wsgi

    from config.server_header import hide_server_header

    original = wsgi.Response.default_headers
    hidden_before = getattr(wsgi.Response, "_askwell_server_header_hidden", False)
    server_before = wsgi.SERVER
    try:
        hide_server_header()
        patched = wsgi.Response.default_headers
        hide_server_header()
        assert wsgi.Response.default_headers is patched
    finally:
        wsgi.Response.default_headers = original
        wsgi.SERVER = server_before
        if not hidden_before and hasattr(wsgi.Response, "_askwell_server_header_hidden"):
            delattr(wsgi.Response, "_askwell_server_header_hidden")
