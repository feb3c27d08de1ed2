"""
Every admin page of every registered model, against every kind of visitor: moderators
(with their second factor) reach exactly the moderation work and nothing else; everyone
else is sent to sign in, to set up an authenticator, or refused.
"""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from accounts.models import ProfessionalApplication
from accounts.tests.factories import MemberFactory, ModeratorFactory
from accounts.tests.staff import give_totp, sign_in_with_second_factor
from forum import audit
from forum.models import Flag, ModerationEvent, Post, RejectionReason
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.django_db

VIEWS = ["changelist", "add", "change", "history", "delete"]
TOTP_SETUP = "/accounts/2fa/totp/activate/"

# What moderating needs: these models' lists, pages and histories.
MODERATION_MODELS = {
    "accounts.Member",
    "accounts.ProfessionalApplication",
    "forum.Flag",
    "forum.ModerationEvent",
    "forum.PendingPost",
    "forum.Post",
    "forum.RejectionReason",
    "forum.Topic",
}
# The only thing moderators add through the admin: canned reasons for rejecting.
MODERATORS_ADD = {"forum.RejectionReason"}


@pytest.fixture
def admin_objects(member, moderator):
    """A row for every registered model that moderation touches, so that each page of
    each model opens on a real object."""
    topic = make_question(author=member, state=Post.State.PENDING)
    reply = make_reply(topic=make_question(), author=member)
    Flag.objects.create(post=reply, flagger=MemberFactory(), reason=Flag.Reason.SPAM)
    audit.record(moderator=moderator, action=ModerationEvent.Action.LOCK, topic=topic)
    assert RejectionReason.objects.exists()  # Seeded by a migration.
    ProfessionalApplication.objects.create(
        member=member,
        profession="Neurologist",
        registration_body="General Medical Council",
        registration_number="1234567",
        country="GB",
    )
    give_totp(moderator)


def admin_urls():
    """(label, view, url) for every page of every model registered on the admin, the
    pages of one object on the first row the admin lists."""
    superuser = MemberFactory(username="url_lister", is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = superuser
    urls = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        obj = model_admin.get_queryset(request).order_by("pk").first()
        for view in VIEWS:
            if view in ("changelist", "add"):
                args = []
            elif obj is not None:
                args = [obj.pk]
            else:
                # No row to open (background tasks, when none ran through the
                # database): only the list and the add page.
                continue
            try:
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
            except NoReverseMatch:
                continue
            urls.append((opts.label, view, url))
    superuser.delete()
    return sorted(urls)


def outcome(response):
    if response.status_code == 302:
        if response.url.startswith("/admin/login/"):
            return "sign in"
        if response.url == TOTP_SETUP:
            return "set up an authenticator"
        return f"redirect {response.url}"
    return response.status_code


def outcomes(client, urls, method="get"):
    return {(label, view): outcome(getattr(client, method)(url)) for label, view, url in urls}


def expected_for_moderator(label, view):
    if label not in MODERATION_MODELS:
        return 403
    if view == "delete":
        return 403
    if view == "add":
        return 200 if label in MODERATORS_ADD else 403
    return 200


def test_every_registered_model_is_in_the_matrix(admin_objects):
    labels = {label for label, _, _ in admin_urls()}

    assert labels >= MODERATION_MODELS
    assert {"accounts.User", "auth.Group", "mfa.Authenticator"} <= labels


@pytest.mark.parametrize("role", ["anonymous", "member", "suspended_member"])
def test_visitors_and_members_are_sent_to_sign_in_from_every_admin_page(
    client, request, admin_objects, role
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    urls = admin_urls() + [("admin", "index", reverse("admin:index"))]

    assert set(outcomes(client, urls).values()) == {"sign in"}
    response = client.get(reverse("admin:index"))
    assert response.url == f"/admin/login/?{urlencode({'next': '/admin/'}, safe='/')}"


@pytest.mark.parametrize("role", ["member", "suspended_member"])
def test_a_members_posts_to_every_admin_page_change_nothing(client, request, admin_objects, role):
    client.force_login(request.getfixturevalue(role))
    before = {model: model.objects.count() for model in admin.site._registry}
    states = list(Post.objects.order_by("pk").values_list("state", flat=True))

    assert set(outcomes(client, admin_urls(), method="post").values()) == {"sign in"}
    assert {model: model.objects.count() for model in admin.site._registry} == before
    assert list(Post.objects.order_by("pk").values_list("state", flat=True)) == states


@pytest.mark.parametrize("role", ["member", "suspended_member"])
def test_the_admin_login_refuses_members(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("admin:login")).status_code == 403


def test_a_moderator_without_an_authenticator_is_sent_to_set_one_up_from_every_page(
    client, admin_objects
):
    client.force_login(ModeratorFactory(username="new_moderator"))
    urls = admin_urls() + [("admin", "index", reverse("admin:index"))]

    assert set(outcomes(client, urls).values()) == {"set up an authenticator"}
    assert set(outcomes(client, urls, method="post").values()) == {"set up an authenticator"}


def test_staff_without_any_permission_are_refused_every_model_page(client, admin_objects):
    staff = give_totp(MemberFactory(username="staff_only", is_staff=True))
    sign_in_with_second_factor(client, staff)

    assert set(outcomes(client, admin_urls()).values()) == {403}
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []


def test_a_moderator_reaches_exactly_the_moderation_pages(client, admin_objects, moderator):
    sign_in_with_second_factor(client, moderator)
    urls = admin_urls()

    assert outcomes(client, urls) == {
        (label, view): expected_for_moderator(label, view) for label, view, _ in urls
    }
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_moderator_cannot_delete_or_add_through_posted_forms(client, admin_objects, moderator):
    sign_in_with_second_factor(client, moderator)
    refused = [
        (label, view, url)
        for label, view, url in admin_urls()
        if view in ("delete", "add") and expected_for_moderator(label, view) == 403
    ]
    before = {model: model.objects.count() for model in admin.site._registry}

    results = outcomes(client, refused, method="post")

    assert set(results.values()) == {403}
    assert {model: model.objects.count() for model in admin.site._registry} == before


def test_a_moderator_cannot_change_their_own_permissions_or_staff_flags(
    client, admin_objects, moderator
):
    sign_in_with_second_factor(client, moderator)

    response = client.post(
        reverse("admin:accounts_user_change", args=[moderator.pk]),
        {"username": moderator.username, "is_superuser": "on", "is_staff": "on"},
    )

    assert response.status_code == 403
    moderator.refresh_from_db()
    assert not moderator.is_superuser
