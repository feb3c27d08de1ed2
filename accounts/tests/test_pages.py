"""What every account page owes its readers: one heading, labelled inputs, no script."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_inactive",
]
MEMBER_PAGES = [
    "account_email",
    "account_change_password",
    "account_reauthenticate",
    "account_logout",
]


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1_count = 0
        self.script_count = 0
        self.label_targets = set()
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        elif tag == "script":
            self.script_count += 1
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
        }:
            self.inputs.append(attrs)

    def unlabelled_inputs(self):
        return [
            attrs
            for attrs in self.inputs
            if attrs.get("id") not in self.label_targets and not attrs.get("aria-label")
        ]


def parse(response):
    assert response.status_code == 200
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture(params=ANONYMOUS_PAGES + MEMBER_PAGES)
def account_page(request, client, member):
    if request.param in MEMBER_PAGES:
        client.force_login(member)
    return parse(client.get(reverse(request.param)))


def test_account_page_has_exactly_one_main_heading(account_page):
    assert account_page.h1_count == 1


def test_every_input_on_an_account_page_has_a_label(account_page):
    assert account_page.inputs
    assert account_page.unlabelled_inputs() == []


def test_account_page_works_without_javascript(account_page):
    assert account_page.script_count == 0


def test_field_errors_are_tied_to_their_input(client, db):
    response = client.post(reverse("account_signup"), {"email": "hana@example.org"})

    username_input = str(response.context["form"]["username"])
    assert 'aria-invalid="true"' in username_input
    assert "id_username_error" in username_input
    assert 'id="id_username_error"' in response.content.decode()
