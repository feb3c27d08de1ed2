"""
Members' own data pages in a real browser: no axe-core violations on the profile, the
settings pages (profile, devices, data export, deletion), the rules pages and an
anonymous question.
"""

import pytest
from django.contrib.auth import get_user_model

from accounts import services
from config.privacy import export as exports
from config.privacy import services as privacy_services
from forum import asking
from forum.models import Category
from forum.tests.factories import make_question, make_reply
from tests.browser import PageCase, viewers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),
]


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
    "profile": PageCase("/members/patient_pat/"),
    "own profile": PageCase("/members/patient_pat/", who="member"),
    "profile settings": PageCase("/accounts/profile/", who="member"),
    "profile settings saved": PageCase(
        "/accounts/profile/",
        who="member",
        press="Save your profile",
        shows=(("status", "Your profile is saved"),),
    ),
    "signed-in devices": PageCase("/accounts/sessions/", who="member"),
    "your data": PageCase("/accounts/privacy/export/", who="member", shows=(("link", "Download"),)),
    "delete account": PageCase("/accounts/privacy/delete/", who="member"),
    "delete account with errors": PageCase(
        "/accounts/privacy/delete/",
        who="member",
        press="Delete my account",
        shows=(("alert", "needs another look"),),
    ),
    "community guidelines": PageCase("/about/guidelines/"),
    "privacy notice": PageCase("/about/privacy/"),
    "terms": PageCase("/about/terms/"),
    "anonymous question": PageCase("{anonymous_url}", who="member"),
}


VIEWERS = viewers(CASES.values())


@pytest.mark.parametrize("who", VIEWERS.values(), ids=VIEWERS.keys())
def test_pages_have_no_axe_violations(who, check_pages, data):
    check_pages(CASES, who, data)
