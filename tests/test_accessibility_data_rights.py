"""
Members' own data pages in a real browser: no axe-core violations on the profile, the
settings pages (profile, devices, data export, deletion), the rules pages and an
anonymous question.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts import services
from config.privacy import export as exports
from config.privacy import services as privacy_services
from forum import asking
from forum.models import Category
from forum.tests.factories import make_question, make_reply
from tests.browser import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]


@dataclass(frozen=True)
class Case:
    path: str
    who: str | None = None
    press: str | None = None
    shows: tuple[tuple[str, str], ...] = ()
    status: int = 200


@pytest.fixture
def data(member, other_member):
    """`member` with a bio, published questions and replies, an anonymous question,
    and a data export ready to download."""
    services.update_profile(member=member, bio="Carer for my **dad** since 2019.")
    treatments = Category.objects.get(slug="treatments-and-medication")
    question = make_question(author=member, category=treatments, title="Does pacing help you?")
    make_reply(topic=question, author=other_member, body="It helps me a lot, every day.")
    make_reply(topic=make_question(author=other_member, slug="o"), author=member)
    get_user_model().objects.filter(pk=member.pk).update(review_policy="standard")
    anonymous = asking.ask_question(
        author=other_member,
        category=treatments,
        title="A question asked without a name",
        body="Something private I would rather not sign with my username.",
        anonymous=True,
    )
    exports.build_export(export_id=privacy_services.request_export(member=member).pk)
    return {"anonymous_url": anonymous.get_absolute_url()}


CASES = {
    "profile": Case("/members/patient_pat/"),
    "own profile": Case("/members/patient_pat/", who="member"),
    "profile settings": Case("/accounts/profile/", who="member"),
    "profile settings saved": Case(
        "/accounts/profile/",
        who="member",
        press="Save your profile",
        shows=(("status", "Your profile is saved"),),
    ),
    "signed-in devices": Case("/accounts/sessions/", who="member"),
    "your data": Case("/accounts/privacy/export/", who="member", shows=(("link", "Download"),)),
    "delete account": Case("/accounts/privacy/delete/", who="member"),
    "delete account with errors": Case(
        "/accounts/privacy/delete/",
        who="member",
        press="Delete my account",
        shows=(("alert", "needs another look"),),
    ),
    "community guidelines": Case("/about/guidelines/"),
    "privacy notice": Case("/about/privacy/"),
    "terms": Case("/about/terms/"),
    "anonymous question": Case("{anonymous_url}", who="member"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_page_has_no_axe_violations(case, request, live_server, page, signed_in_page, data):
    if case.who:
        page = signed_in_page(request.getfixturevalue(case.who))
    response = page.goto(live_server.url + case.path.format(**data))
    assert response.status == case.status
    if case.press:
        page.get_by_role("button", name=case.press).click()
    for role, text in case.shows:
        expect(page.get_by_role(role).filter(has_text=text).first).to_be_visible()
    assert axe_violations(page) == []
