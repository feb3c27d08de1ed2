"""Verified health professionals: applying, the moderators' decision, and the badge
beside the name while the verification lasts."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts import services
from accounts.models import ProfessionalApplication
from accounts.tests.factories import MemberFactory
from accounts.tests.staff import refused, sign_in
from forum.errors import Refused
from forum.models import ModerationEvent, Notification
from forum.tests.factories import make_question, make_reply
from moderation import professionals

APPLY_URL = reverse("professional-application")
LIST_URL = reverse("admin:accounts_professionalapplication_changelist")
ADMIN_LOGIN_URL = reverse("admin:login")
BADGE = "Verified Neurologist"
NOT_MODERATORS = [None, "member", "suspended_member", "staff_without_moderation"]


def typed(**changes):
    return {
        "profession": "Neurologist",
        "registration_body": "Health and Care Professions Council",
        "registration_number": "GMC-7654321",
        "country": "GB",
        **changes,
    }


def apply(member, **changes):
    return services.submit_professional_application(member=member, **typed(**changes))


def verified(member, *, until=None):
    member.professional_title = "Neurologist"
    member.professional_until = until or timezone.localdate() + timedelta(days=30)
    member.save()
    return member


def lapsed(member):
    return verified(member, until=timezone.localdate() - timedelta(days=1))


@pytest.fixture
def staff_without_moderation(db):
    user = MemberFactory(username="staff_stan", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_member"),
        Permission.objects.get(codename="change_member"),
    )
    return user


@pytest.fixture
def application(member):
    return apply(member)


@pytest.fixture
def moderator_client(client, moderator):
    return sign_in(client, moderator)


def action(name, *applications, **data):
    return {"action": name, "_selected_action": [a.pk for a in applications], **data}


# Applying.


def test_visitors_are_asked_to_sign_in_first(client, db):
    response = client.get(APPLY_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_member_who_never_applied_sees_the_form(client, member):
    client.force_login(member)

    response = client.get(APPLY_URL)

    assertContains(response, "You have not applied yet.")
    assertContains(response, '<select name="country"', html=False)


def test_applying_sends_the_application_to_the_moderators(client, member):
    client.force_login(member)

    response = client.post(APPLY_URL, typed())
    page = client.get(response.url)

    assert response.url == APPLY_URL
    application = ProfessionalApplication.objects.get()
    assert (application.member, application.status, application.country) == (
        member,
        ProfessionalApplication.Status.PENDING,
        "GB",
    )
    assertContains(page, "A moderator will check your registration")
    assertContains(page, "is waiting for a moderator")
    assertNotContains(page, '<select name="country"', html=False)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("profession", "   ", "This field is required."),
        ("registration_body", "", "This field is required."),
        ("registration_number", "  ", "This field is required."),
        ("country", "", "This field is required."),
        ("country", "XX", "Choose a country from the list."),
        ("country", "gb", "Choose a country from the list."),
        ("profession", "N" * 101, "Ensure this value has at most 100 characters"),
    ],
)
def test_a_bad_application_is_shown_again_with_what_was_typed(
    client, member, field, value, message
):
    client.force_login(member)

    response = client.post(APPLY_URL, typed(**{field: value}))

    assert response.status_code == 200
    assertContains(response, message)
    kept = (
        "Health and Care Professions Council" if field == "registration_number" else "GMC-7654321"
    )
    assertContains(response, kept)
    assert not ProfessionalApplication.objects.exists()


def test_a_second_application_waits_for_the_first_to_be_decided(member, application):
    with pytest.raises(services.ApplicationPending):
        apply(member, profession="Physiotherapist")

    assert ProfessionalApplication.objects.count() == 1


def test_posting_again_while_one_waits_sends_nothing(client, member, application):
    client.force_login(member)

    response = client.post(APPLY_URL, typed(profession="Physiotherapist"))

    assert response.status_code == 409
    assertContains(response, "is waiting for a moderator", status_code=409)
    assert ProfessionalApplication.objects.count() == 1


@pytest.mark.parametrize("who", ["suspended_member", "unverified_member"])
def test_members_who_may_not_post_may_not_apply(client, request, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(APPLY_URL)
    response = client.post(APPLY_URL, typed())

    assertNotContains(page, '<select name="country"', html=False)
    assert response.status_code == 403
    assert not ProfessionalApplication.objects.exists()


def test_an_unknown_country_is_refused_by_the_service(member):
    with pytest.raises(ValueError):
        apply(member, country="XX")


def test_a_suspended_member_cannot_apply_through_the_service(suspended_member):
    with pytest.raises(PermissionDenied):
        apply(suspended_member)


# Where things stand, as the member sees it.


def test_an_approved_member_sees_until_when_and_may_renew(client, moderator, member, application):
    until = timezone.localdate() + timedelta(days=90)
    professionals.approve_professional_application(
        moderator=moderator, application=application, valid_until=until
    )
    client.force_login(member)

    response = client.get(APPLY_URL)

    assertContains(response, f"You are shown as a verified Neurologist until {until:%-d %B %Y}.")
    assertContains(response, "Renew your verification")


def test_a_declined_member_sees_the_note_and_may_apply_again(
    client, moderator, member, application
):
    professionals.decline_professional_application(
        moderator=moderator, application=application, note="The number is not on the register."
    )
    client.force_login(member)

    response = client.get(APPLY_URL)

    assertContains(response, "A moderator declined your application as Neurologist")
    assertContains(response, "The number is not on the register.")
    assertContains(response, "Apply again")


def test_a_lapsed_member_is_asked_to_renew(client, member):
    lapsed(member)
    client.force_login(member)

    response = client.get(APPLY_URL)

    assertContains(response, "Your verification as Neurologist lapsed after")
    assertContains(response, "Renew your verification")


# The moderators' decision: services.


def test_approving_verifies_the_member_for_the_configured_time(
    moderator, member, application, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ASKWELL_PROFESSIONAL_VERIFICATION_DAYS = 200

    with django_capture_on_commit_callbacks(execute=True):
        professionals.approve_professional_application(moderator=moderator, application=application)

    member.refresh_from_db()
    until = timezone.localdate() + timedelta(days=200)
    assert (member.professional_title, member.professional_until) == ("Neurologist", until)
    assert member.is_verified_professional
    event = ModerationEvent.objects.get()
    assert (event.action, event.moderator, event.member) == (
        ModerationEvent.Action.VERIFY_PROFESSIONAL,
        moderator,
        member,
    )
    assert event.details == {"profession": "Neurologist", "valid_until": until.isoformat()}
    assert [message.to for message in mailoutbox] == [[member.email]]
    assert "You are verified as Neurologist" in mailoutbox[0].subject


def test_declining_needs_a_note_and_tells_the_member(
    moderator, member, application, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(Refused):
        professionals.decline_professional_application(
            moderator=moderator, application=application, note=" "
        )

    with django_capture_on_commit_callbacks(execute=True):
        professionals.decline_professional_application(
            moderator=moderator, application=application, note="Not on the register."
        )

    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.DECLINED
    assert ModerationEvent.objects.get().action == ModerationEvent.Action.DECLINE_PROFESSIONAL
    assert "Not on the register." in mailoutbox[0].body
    member.refresh_from_db()
    assert not member.is_verified_professional


def test_an_application_already_decided_is_refused_and_left_as_it_is(
    moderator, member, application
):
    professionals.decline_professional_application(
        moderator=moderator, application=application, note="Not on the register."
    )

    with pytest.raises(Refused, match="already decided"):
        professionals.approve_professional_application(moderator=moderator, application=application)

    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.DECLINED
    assert ModerationEvent.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "other_member"])
def test_members_cannot_approve_applications(request, who, application):
    with pytest.raises(PermissionDenied):
        professionals.approve_professional_application(
            moderator=request.getfixturevalue(who), application=application
        )

    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.PENDING


# The moderators' decision: the admin.


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_approve_applications(
    client, request, member, application, viewer, allowed
):
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))
    until = timezone.localdate() + timedelta(days=30)

    response = client.post(
        LIST_URL,
        action("approve_selected", application, valid_until=until.isoformat(), apply="1"),
    )

    member.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert member.professional_until == until
    else:
        assert refused(response, ADMIN_LOGIN_URL)
        assert not member.professional_title


def test_the_list_puts_waiting_applications_first(moderator_client, moderator, member):
    decided = apply(member, profession="Nurse")
    professionals.decline_professional_application(
        moderator=moderator, application=decided, note="Not on the register."
    )
    waiting = apply(member)

    response = moderator_client.get(LIST_URL)

    assert list(response.context["cl"].result_list) == [waiting, decided]


def test_approving_asks_until_when_with_the_configured_time_filled_in(
    moderator_client, application, settings
):
    settings.ASKWELL_PROFESSIONAL_VERIFICATION_DAYS = 100

    response = moderator_client.post(LIST_URL, action("approve_selected", application, index="0"))

    expected = timezone.localdate() + timedelta(days=100)
    assert response.context["form"]["valid_until"].value() == expected
    assertContains(response, "GMC-7654321")


def test_a_verification_ending_today_or_before_is_asked_again(moderator_client, application):
    response = moderator_client.post(
        LIST_URL,
        action(
            "approve_selected",
            application,
            valid_until=timezone.localdate().isoformat(),
            apply="1",
        ),
    )

    assertContains(response, "Give a date after today.")
    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.PENDING


def test_declining_without_a_note_is_asked_again(moderator_client, application):
    response = moderator_client.post(
        LIST_URL, action("decline_selected", application, note="  ", apply="1")
    )

    assertContains(response, "Tell the member why")
    application.refresh_from_db()
    assert application.status == ProfessionalApplication.Status.PENDING


def test_declining_from_the_applications_page(
    moderator_client, application, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("admin:accounts_professionalapplication_change", args=[application.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            url,
            {
                "CHANGE_FORM-action": "decline_selected",
                "_selected_action": [application.pk],
                "note": "Not on the register.",
                "apply": "1",
            },
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.decision_note == "Not on the register."
    assert len(mailoutbox) == 1


def test_moderators_cannot_delete_applications(moderator_client, application):
    url = reverse("admin:accounts_professionalapplication_delete", args=[application.pk])

    response = moderator_client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert ProfessionalApplication.objects.filter(pk=application.pk).exists()


# The badge.


def test_the_badge_is_beside_the_name_on_posts(client, member):
    topic = make_question(author=verified(member), title="Does creatine help?")

    response = client.get(topic.get_absolute_url())

    assertContains(response, BADGE)


def test_the_badge_is_on_the_profile(client, member):
    verified(member)

    response = client.get(reverse("members:profile", args=[member.username]))

    assertContains(response, BADGE)


def test_the_badge_is_in_question_lists(client, member, category):
    make_question(author=verified(member), category=category, title="Does creatine help?")

    response = client.get(category.get_absolute_url())

    assertContains(response, "Does creatine help?")
    assertContains(response, BADGE)


def test_the_badge_is_in_notifications(client, member, other_member):
    topic = make_question(author=other_member, title="Does creatine help?")
    reply = make_reply(topic=topic, author=verified(member), body="It can, a little.")
    Notification.objects.create(recipient=other_member, post=reply, reason="reply")
    client.force_login(other_member)

    response = client.get(reverse("forum:notifications"))

    assertContains(response, "patient_pat replied to")
    assertContains(response, BADGE)


def test_the_badge_disappears_by_itself_once_it_lapses(client, member):
    topic = make_question(author=lapsed(member), title="Does creatine help?")

    post_page = client.get(topic.get_absolute_url())
    profile = client.get(reverse("members:profile", args=[member.username]))

    assertContains(post_page, "patient_pat")
    assertNotContains(post_page, BADGE)
    assertNotContains(profile, BADGE)


def test_the_badge_lasts_through_its_last_day(client, member):
    topic = make_question(author=verified(member, until=timezone.localdate()))

    response = client.get(topic.get_absolute_url())

    assertContains(response, BADGE)


def test_the_badge_costs_no_queries(client, member, other_member):
    plain = make_question(author=other_member, title="Plain question", slug="plain")
    make_reply(topic=plain, author=MemberFactory(username="plain_paul"))
    badged = make_question(author=verified(member), title="Badged question", slug="badged")
    make_reply(topic=badged, author=verified(MemberFactory(username="nurse_nia")))

    with CaptureQueriesContext(connection) as plain_queries:
        client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as badged_queries:
        response = client.get(badged.get_absolute_url())

    assertContains(response, BADGE)
    assert len(badged_queries) == len(plain_queries)


def test_an_applications_page_shows_the_registration_and_the_decisions(
    moderator_client, application
):
    url = reverse("admin:accounts_professionalapplication_change", args=[application.pk])

    response = moderator_client.get(url)

    assertContains(response, "GMC-7654321")
    assertContains(response, "United Kingdom (GB)")
    assertContains(response, '<option value="approve_selected">Approve…</option>', html=True)
    assertContains(response, '<option value="decline_selected">Decline…</option>', html=True)
