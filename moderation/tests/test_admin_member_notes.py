"""Moderators' notes on a member, in the admin: added on the member's page, signed,
recorded, never changed, never shown outside the admin. (The service:
test_members.py.)"""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import MemberNote
from accounts.tests.factories import ModeratorFactory
from accounts.tests.staff import refused, sign_in
from forum.models import ModerationEvent
from forum.tests.factories import make_question
from moderation import members

from .helpers import member_url

NOTE = "Warned by e-mail about dosage advice, 3 March."
ADMIN_LOGIN_URL = reverse("admin:login")
NOT_MODERATORS = [None, "member", "suspended_member", "staff_without_moderation"]


def note_form(prefix="moderator_notes", initial=0, **fields):
    """The member page's two note inlines: the new note, and the notes kept."""
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1",
        f"{prefix}-2-TOTAL_FORMS": "0",
        f"{prefix}-2-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update({f"{prefix}-0-{name}": value for name, value in fields.items()})
    return data


# On the member's page in the admin.


@pytest.mark.parametrize(
    ("viewer", "allowed"), [*((viewer, False) for viewer in NOT_MODERATORS), ("moderator", True)]
)
def test_only_moderators_add_notes(client, request, target_member, viewer, allowed):
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))

    response = client.post(member_url(target_member), note_form(text=NOTE))

    if allowed:
        assert response.status_code == 302
        assert MemberNote.objects.get().text == NOTE
    else:
        assert refused(response, ADMIN_LOGIN_URL)
        assert not MemberNote.objects.exists()


def test_a_note_added_on_the_page_is_signed_by_whoever_is_signed_in(
    client, moderator, target_member
):
    colleague = ModeratorFactory(username="moderator_max")
    sign_in(client, moderator)

    client.post(member_url(target_member), note_form(text=NOTE, author=str(colleague.pk)))

    note = MemberNote.objects.get()
    assert note.author == moderator
    assert ModerationEvent.objects.filter(
        action=ModerationEvent.Action.ADD_MEMBER_NOTE, moderator=moderator
    ).exists()


def test_saving_the_page_with_no_note_adds_nothing(client, moderator, target_member):
    sign_in(client, moderator)

    response = client.post(member_url(target_member), note_form(text=""))

    assert response.status_code == 302
    assert not MemberNote.objects.exists()
    assert not ModerationEvent.objects.exists()


def test_the_members_page_shows_earlier_notes_with_who_wrote_them(client, moderator, target_member):
    members.add_member_note(moderator=moderator, member=target_member, text=NOTE)
    sign_in(client, moderator)

    response = client.get(member_url(target_member))

    assertContains(response, NOTE)
    assertContains(response, "moderator_mo")


def test_earlier_notes_cannot_be_changed_or_deleted(client, moderator, target_member):
    note = members.add_member_note(moderator=moderator, member=target_member, text=NOTE)
    sign_in(client, moderator)
    data = note_form(text="")
    data.update(
        {
            "moderator_notes-2-TOTAL_FORMS": "1",
            "moderator_notes-2-INITIAL_FORMS": "1",
            "moderator_notes-2-0-id": str(note.pk),
            "moderator_notes-2-0-member": str(target_member.pk),
            "moderator_notes-2-0-text": "Rewritten.",
            "moderator_notes-2-0-DELETE": "on",
        }
    )

    response = client.post(member_url(target_member), data)

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == NOTE


# Nowhere else.


@pytest.mark.parametrize("viewer", [None, "target_member", "member", "moderator"])
def test_notes_are_never_on_the_members_profile(client, request, moderator, target_member, viewer):
    make_question(author=target_member, title="Does creatine help?")
    members.add_member_note(moderator=moderator, member=target_member, text=NOTE)
    if viewer:
        client.force_login(request.getfixturevalue(viewer))

    response = client.get(reverse("members:profile", args=[target_member.username]))

    assertContains(response, "target_tim")
    assertNotContains(response, NOTE)


def test_notes_are_never_beside_the_members_posts(client, moderator, target_member):
    topic = make_question(author=target_member, title="Does creatine help?")
    members.add_member_note(moderator=moderator, member=target_member, text=NOTE)
    client.force_login(moderator)

    response = client.get(topic.get_absolute_url())

    assertContains(response, "Does creatine help?")
    assertNotContains(response, NOTE)
