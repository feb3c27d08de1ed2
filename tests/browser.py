"""Helpers shared by the browser tests."""

import re
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from accounts.tests.staff import TOTP_SECRET, totp_code

_axe = Axe()


def field(page, label):
    """A form field by its label, which Django renders with a trailing colon."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def axe_violations(page, rules=None):
    """axe-core's violations on the page as it is now, one readable line per element;
    `rules` turns axe's rules on or off by id."""
    options = {"resultTypes": ["violations"]} | ({"rules": rules} if rules else {})
    results = _axe.run(page, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def sign_in(page, base_url, user, password=PASSWORD):
    """Sign `user` in through the sign-in form, as a member does."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label(re.compile(r"^username or e-?mail", re.IGNORECASE)).fill(user.username)
    field(page, "Password").fill(password)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name=user.username)).to_be_visible()


def message(page, text):
    """The page's message (role="status") that says `text`."""
    return page.get_by_role("status").filter(has_text=text)


def fresh_totp_code(secret=TOTP_SECRET):
    """The authenticator's code, with time to use it: a code typed just before its 30
    seconds end would reach the server after them (allauth takes no earlier code), so
    wait for the next one, as a person would."""
    return totp_code(secret, time_left=5)


def sign_in_to_admin(page, base_url, user, password=PASSWORD, secret=TOTP_SECRET):
    """Sign a moderator in to the admin as they do: the admin sends them to the site's
    sign-in, then asks for their authenticator app's code."""
    # allauth takes each code once per 30 seconds; start from a clean slate.
    cache.clear()
    page.goto(f"{base_url}{reverse('admin:index')}")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label(re.compile(r"^username or e-?mail", re.IGNORECASE)).fill(user.username)
    field(page, "Password").fill(password)
    page.get_by_role("button", name=re.compile("sign in", re.IGNORECASE)).click()
    expect(page.get_by_role("heading", name="Enter your authenticator code")).to_be_visible()
    page.get_by_role("textbox").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}{reverse('admin:index')}")


@dataclass(frozen=True)
class PageCase:
    """A page for axe-core: its path, whose session the browser has (a fixture's name),
    what is typed into its form and which button is pressed, and what the page must
    show before axe runs."""

    path: str
    who: str | None = None
    status: int = 200
    fill: tuple[tuple[str, str], ...] = ()  # (label, text)
    press: str | None = None
    shows: tuple[tuple[str, str], ...] = ()  # (role, text)


def viewers(cases):
    """The viewers `cases` are seen by, a visitor first, as pytest parameters."""
    return {"a visitor": None} | {who: who for who in dict.fromkeys(c.who for c in cases) if who}
