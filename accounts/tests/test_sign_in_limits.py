"""
Failed sign-ins are limited per client, behind our proxy too; an authenticator code
signs in once only. Both are counted in the cache, which every worker shares in
production (REDIS_URL; `check --deploy` warns otherwise).
"""

from urllib.parse import urlencode

import pytest
from django.contrib import auth
from django.test import Client

from accounts.tests.factories import PASSWORD
from accounts.tests.staff import give_totp, totp_code

LOGIN_URL = "/accounts/login/"
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.7"
NEIGHBOUR = "198.51.100.20"
TOO_MANY = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    # What DJANGO_BEHIND_PROXY=1 sets (config/tests/test_deploy_checks.py).
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def through_proxy(client, path, data, *, client_address, forwarded_for=""):
    """A POST as our proxy passes it on: from the proxy's address, with the client's
    address added at the end of whatever X-Forwarded-For the client sent."""
    chain = f"{forwarded_for}, {client_address}" if forwarded_for else client_address
    return client.post(path, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def bad_sign_ins(client, count, *, client_address, forwarded_for=lambda n: ""):
    responses = []
    for n in range(count):
        data = {"login": f"guess{n}", "password": "wrong-password"}
        responses.append(
            through_proxy(
                client,
                LOGIN_URL,
                data,
                client_address=client_address,
                forwarded_for=forwarded_for(n),
            )
        )
    return responses


def test_failed_sign_ins_from_one_client_behind_the_proxy_are_limited(client, db):
    responses = bad_sign_ins(client, 11, client_address=ATTACKER)

    assert TOO_MANY not in responses[9].text
    assert TOO_MANY in responses[10].text


def test_one_clients_lockout_does_not_lock_out_another_behind_the_same_proxy(client, member):
    bad_sign_ins(client, 36, client_address=ATTACKER)
    neighbour = Client()

    response = through_proxy(
        neighbour,
        LOGIN_URL,
        {"login": member.username, "password": PASSWORD},
        client_address=NEIGHBOUR,
    )

    assert TOO_MANY not in response.text
    assert auth.get_user(neighbour) == member


def test_a_client_writing_its_own_x_forwarded_for_is_counted_at_its_real_address(client, db):
    responses = bad_sign_ins(
        client, 11, client_address=ATTACKER, forwarded_for=lambda n: f"192.0.2.{n}"
    )

    assert TOO_MANY in responses[10].text


def sign_in_with_code(browser, user, code):
    through_proxy(
        browser,
        f"{LOGIN_URL}?{urlencode({'next': '/'})}",
        {"login": user.username, "password": PASSWORD},
        client_address=NEIGHBOUR,
    )
    return through_proxy(
        browser, "/accounts/2fa/authenticate/", {"code": code}, client_address=NEIGHBOUR
    )


def test_an_authenticator_code_signs_in_only_once_across_browsers(member):
    give_totp(member)
    code = totp_code()
    first, second = Client(), Client()

    sign_in_with_code(first, member, code)
    response = sign_in_with_code(second, member, code)

    assert auth.get_user(first) == member
    assert "Incorrect code." in response.text
    assert not auth.get_user(second).is_authenticated
