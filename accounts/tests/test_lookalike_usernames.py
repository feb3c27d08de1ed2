"""
Usernames that only look like another member's ("maria_moderatеs" with a Cyrillic е),
or like the people who run Askwell ("Askwell_Team", "m0derator"), are refused: names
are compared by how they look (their Unicode TR39 skeleton), which each account keeps.
"""

import importlib
from html import escape

import pytest
from django.apps import apps
from django.contrib.admin.sites import AdminSite
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.adapter import AccountAdapter
from accounts.admin import UserAdmin
from accounts.models import User
from accounts.tests.factories import MemberFactory
from accounts.usernames import reserved_word_in, skeleton, stored_skeleton

SIGNUP_URL = reverse("account_signup")
PASSWORD = "quiet-lake-morning-42"
LOOKS_TAKEN = "This username looks too much like another member"
RESERVED = ["admin", "administrator", "askwell", "moderator", "moderators", "staff", "support"]

_skeleton_migration = importlib.import_module("accounts.migrations.0006_username_skeleton")


def sign_up(client, username):
    return client.post(
        SIGNUP_URL,
        {
            "email": "newcomer@example.org",
            "username": username,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


@pytest.fixture
def maria(db):
    return MemberFactory(username="maria_moderates")


# How a name looks.


@pytest.mark.parametrize(
    ("lookalike", "original"),
    [
        ("maria_moderat\u0435s", "maria_moderates"),  # Cyrillic е
        ("m\u0430ria_moderates", "maria_moderates"),  # Cyrillic а
        ("MARIA_MODERATES", "maria_moderates"),  # case
        ("\uff2daria_moderates", "maria_moderates"),  # fullwidth Ｍ
        ("rnaria_moderates", "maria_moderates"),  # "rn" for "m"
        ("maria_m0derates", "maria_moderates"),  # zero for "o"
        ("1ucy", "lucy"),  # one for "l"
        ("p\u0430tient_p\u0430t", "patient_pat"),
    ],
)
def test_names_that_look_alike_share_a_skeleton(lookalike, original):
    assert skeleton(lookalike) == skeleton(original)


@pytest.mark.parametrize(
    ("one", "other"),
    [("maria_moderates", "maria_walks"), ("ben_walks", "ben_talks"), ("dana_k", "dana_x")],
)
def test_names_that_look_different_keep_different_skeletons(one, other):
    assert skeleton(one) != skeleton(other)


def test_the_stored_skeleton_has_a_bounded_length():
    assert len(stored_skeleton("\ufdfa" * 150)) == 300


# Members' names.


def test_a_name_with_a_cyrillic_letter_like_a_members_is_refused(client, maria):
    response = sign_up(client, "maria_moderat\u0435s")

    assertContains(response, LOOKS_TAKEN)
    assert list(User.objects.values_list("username", flat=True)) == ["maria_moderates"]


@pytest.mark.parametrize("lookalike", ["rnaria_moderates", "maria_m0derates", "Maria_Moderates"])
def test_other_lookalikes_of_a_members_name_are_refused(client, maria, lookalike):
    response = sign_up(client, lookalike)

    assert response.status_code == 200
    assert not User.objects.filter(username=lookalike).exists()


def test_a_name_that_only_resembles_a_members_is_accepted(client, maria):
    sign_up(client, "maria_walks")

    assert User.objects.filter(username="maria_walks").exists()


def test_sign_up_keeps_the_new_members_skeleton(client, db):
    sign_up(client, "Hopeful_Hana")

    assert User.objects.get(username="Hopeful_Hana").username_skeleton == skeleton("hopeful_hana")


def test_a_member_signing_up_later_is_compared_with_an_earlier_sign_up(client, db):
    sign_up(client, "hopeful_hana")
    client.logout()

    response = sign_up(client, "hopeful_h\u0430na")

    assertContains(response, LOOKS_TAKEN)


# Reserved words.


@pytest.mark.parametrize(
    ("username", "word"),
    [
        ("Askwell_Team", "askwell"),
        ("m0derator", "moderator"),
        ("the.moderators", "moderator"),
        ("adm1n", "admin"),
        ("\u0430skwell", "askwell"),  # Cyrillic а
        ("5taff_help", "staff"),
        ("ask_well", "askwell"),
        ("SupportDesk", "support"),
    ],
)
def test_names_showing_a_reserved_word_are_refused_and_say_which(client, db, username, word):
    response = sign_up(client, username)

    message = f"Usernames can't contain “{word}”, or anything that looks like it"
    assertContains(response, escape(message))
    assert not User.objects.exists()


def test_ordinary_names_show_no_reserved_word():
    for name in ["hopeful_hana", "patient_pat", "carer_chris", "amelia_r", "ben_walks"]:
        assert reserved_word_in(name, RESERVED) is None


def test_the_reserved_words_are_the_setting(client, db, settings):
    settings.ACCOUNT_USERNAME_BLACKLIST = ["nurse"]

    response = sign_up(client, "Nurse_Nia")

    assertContains(response, escape("Usernames can't contain “nurse”"))


def test_a_shallow_check_looks_at_reserved_words_without_the_database(db, maria):
    adapter = AccountAdapter()

    assert adapter.clean_username("maria_moderat\u0435s", shallow=True)
    with pytest.raises(Exception, match="looks like it"):
        adapter.clean_username("Askwell_Team", shallow=True)


# Every way an account gets a name keeps its skeleton.


def test_accounts_made_by_the_user_manager_keep_their_skeleton(db):
    user = User.objects.create_user("Admin_Ada_Official", password=None)

    assert user.username_skeleton == skeleton("admin_ada_official")


def test_createsuperuser_keeps_the_skeleton(db):
    user = User.objects.create_superuser("root_rita", "rita@example.org", "a-long-passphrase-1")

    assert User.objects.get(pk=user.pk).username_skeleton == skeleton("root_rita")


def test_an_administrator_renaming_an_account_updates_its_skeleton(rf, maria):
    maria.username = "maria_from_askwell"
    request = rf.post("/")

    UserAdmin(User, AdminSite()).save_model(request, maria, form=None, change=True)

    assert User.objects.get(pk=maria.pk).username_skeleton == skeleton("maria_from_askwell")


def test_the_migration_fills_the_skeletons_of_existing_members(maria):
    User.objects.filter(pk=maria.pk).update(username_skeleton="")

    _skeleton_migration.fill_skeletons(apps, schema_editor=None)

    assert User.objects.get(pk=maria.pk).username_skeleton == skeleton("maria_moderates")
