"""
No request, however malformed, answers 5xx: every URL pattern of the site, filled with
odd values, asked with every method and odd query strings and form fields, as a
visitor and as a member.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.tests.factories import MemberFactory
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.django_db

ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "\u202eevil\u202c",  # right-to-left override
            "e\u0301\u0301\u0301",  # combining marks
            "\ufeff",
            "\U0001f600",
            "x" * 5000,
            "-1",
            "0",
            "99999999999999999999999",
            "1e9",
            "NaN",
            "../../etc/passwd",
            "//evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "forum:index",
            "home",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%00",
            "%ff%fe",
            "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        ]
    ),
)
# The names the site's forms and pages read, and a few they don't.
FIELDS = [
    "title", "body", "category", "article", "text", "topic", "next", "page", "sort", "show",
    "q", "value", "follow", "reason", "detail", "action", "acknowledged", "homepage",
    "email_notifications", "login", "password", "email", "username", "password1",
    "password2", "profession", "registration_body", "registration_number", "country",
    "csrfmiddlewaretoken", "code", "anything",
]  # fmt: skip
# Some fields with odd values, or every field with the same odd value.
PARAMS = st.one_of(
    st.lists(st.tuples(st.sampled_from(FIELDS), ODD_TEXT), min_size=1, max_size=16),
    ODD_TEXT.map(lambda value: [(name, value) for name in FIELDS]),
)
RAW_QUERIES = st.sampled_from(
    ["%ff%fe=%c0%af", "page=%00", "a=1&a=2&a=3", "q=%E2%80%AE", "=&&==", "next=%2F%2Fevil"]
)
# Pages are read and forms sent far more than anything else; the rest still comes.
METHODS = st.sampled_from(["get", "get", "post", "post", "post", "head", "put", "delete", "patch"])
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            # The admin has its own tests; its routes are admin.site's.
            if "admin" not in route:
                yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not route.startswith("^"):
            yield route


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))


def _fill(route, values):
    """The route with each <converter:name> replaced by one of `values`."""
    it = iter(values)
    return "/" + CONVERTER.sub(lambda _: next(it), route)


def _arguments(route):
    kinds = [kind or "str" for kind, _ in CONVERTER.findall(route)]
    per_kind = {
        # Mostly the ids that exist (the question, its posts), so the view gets past
        # its lookup; sometimes any number.
        "int": st.one_of(
            st.sampled_from(["1", "1", "1", "2", "2"]), st.integers(0, 10**20).map(str)
        ),
        "slug": st.one_of(st.from_regex(r"\A[-a-zA-Z0-9_]{1,60}\Z"), st.just("question")),
        "str": ODD_TEXT.filter(lambda s: s and "/" not in s and "?" not in s and "#" not in s),
        "path": ODD_TEXT.filter(lambda s: s and "?" not in s and "#" not in s),
    }
    return st.tuples(*(per_kind.get(kind, per_kind["str"]) for kind in kinds))


@pytest.fixture
def site(db):
    member = MemberFactory(username="fuzzy_member")
    question = make_question(author=member)
    make_reply(topic=question)
    return member


def _requests(route):
    return st.tuples(
        st.tuples(st.just(route), _arguments(route)),
        METHODS,
        PARAMS,
        st.one_of(st.none(), RAW_QUERIES),
    )


def _send(client, request):
    (route, arguments), method, params, raw_query = request
    path = _fill(route, arguments)
    if raw_query:
        path = f"{path}?{raw_query}"
    data = {}
    for key, value in params:
        data.setdefault(key, []).append(value)
    send = getattr(client, method)
    if method in ("get", "head"):
        return send(path, data=None if raw_query else data)
    return send(path, data=data) if method == "post" else send(path)


# A few dozen odd requests per route, for each kind of visitor.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    derandomize=True,
)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
@pytest.mark.parametrize("route", ROUTES)
def test_no_odd_request_answers_a_server_error(site, route, signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(site)

    @FUZZ
    @given(sent=_requests(route))
    def odd_requests(sent):
        cache.clear()  # rate limits reset, so that each request reaches its view
        response = _send(client, sent)
        assert response.status_code < 500, (sent, response.status_code)

    odd_requests()


def test_every_route_is_fuzzed():
    """The routes the fuzz tests draw from cover the site's pages."""
    assert "forum/ask/" in ROUTES
    assert "members/<str:username>/" in ROUTES
    assert any(route.startswith("accounts/") for route in ROUTES)
    assert len(ROUTES) > 40
