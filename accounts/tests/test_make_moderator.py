from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.services import MODERATORS_GROUP


def make_moderator(*args):
    out = StringIO()
    call_command("make_moderator", *args, stdout=out)
    return out.getvalue()


def test_make_moderator_makes_a_staff_member_of_the_moderators_group(member):
    make_moderator("patient_pat")

    member.refresh_from_db()
    assert member.is_staff
    assert list(member.groups.values_list("name", flat=True)) == [MODERATORS_GROUP]
    assert member.is_moderator()


def test_make_moderator_never_makes_a_superuser(member):
    make_moderator("patient_pat")

    member.refresh_from_db()
    assert not member.is_superuser


def test_make_moderator_says_what_it_did(member):
    assert "patient_pat is now a moderator" in make_moderator("patient_pat")


def test_remove_takes_the_moderator_role_away(moderator):
    make_moderator("moderator_mo", "--remove")

    moderator.refresh_from_db()
    assert not moderator.is_staff
    assert not moderator.groups.exists()
    assert not moderator.is_moderator()


def test_unknown_username_gives_a_clear_error(db):
    with pytest.raises(CommandError, match="No member is called “nobody_here”"):
        make_moderator("nobody_here")


# Who moderators are.


def test_a_moderator_is_staff_but_not_a_superuser(moderator):
    assert moderator.is_staff
    assert not moderator.is_superuser
    assert moderator.is_moderator()
