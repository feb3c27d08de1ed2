"""
Accounts' own workflows: making a member a moderator (or not), a member's public
profile (bio and avatar), and a member applying to be shown as a verified health
professional. Moderators' decisions on members and
applications are the moderation app's (moderation.members, moderation.professionals).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django_countries import countries

from markup.render import render_markdown

from .models import ProfessionalApplication, User

MODERATORS_GROUP = "Moderators"


@transaction.atomic
def grant_moderator(*, user):
    """Make `user` a moderator: a staff account in the Moderators group, never a superuser."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


@transaction.atomic
def revoke_moderator(*, user):
    user.groups.remove(Group.objects.get(name=MODERATORS_GROUP))
    if not user.is_superuser and not user.groups.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return user


def lock_member(member):
    """The member's row, locked for the rest of the transaction."""
    return User.objects.select_for_update().get(pk=member.pk)


class ApplicationPending(Exception):
    """The member already has a professional application waiting for a moderator."""


def may_apply_as_professional(member):
    """Members in good standing (e-mail confirmed, not suspended) may apply."""
    return member.is_authenticated and member.is_active and member.posting_restriction() is None


@transaction.atomic
def submit_professional_application(
    *, member, profession, registration_body, registration_number, country
):
    """
    Ask the moderators to show `member` as a verified health professional. One
    application waits at a time (ApplicationPending otherwise); applying again after
    an approval renews it, after a decline tries again.
    """
    if not may_apply_as_professional(member):
        raise PermissionDenied
    if country not in countries:
        raise ValueError(f"Unknown country code {country!r}.")
    # Lock the member so that two submissions at once cannot both pass the check.
    lock_member(member)
    pending = ProfessionalApplication.Status.PENDING
    if ProfessionalApplication.objects.filter(member=member, status=pending).exists():
        raise ApplicationPending
    try:
        with transaction.atomic():
            return ProfessionalApplication.objects.create(
                member=member,
                profession=profession.strip(),
                registration_body=registration_body.strip(),
                registration_number=registration_number.strip(),
                country=country,
            )
    except IntegrityError as error:
        raise ApplicationPending from error


@transaction.atomic
def update_profile(*, member, bio, avatar=None, remove_avatar=False):
    """
    Save `member`'s public profile: the bio (Markdown, rendered by the one pipeline)
    and, when given, a new avatar (a file accounts.avatars.process_avatar made), or no
    avatar with `remove_avatar`. The file it replaces is deleted once the transaction
    commits. Returns the member.
    """
    member.bio = bio.strip()
    member.bio_html = render_markdown(member.bio) if member.bio else ""
    fields = ["bio", "bio_html"]
    replaced = member.avatar.name if member.avatar and (avatar or remove_avatar) else None
    if avatar is not None:
        member.avatar.save(avatar.name, avatar, save=False)
        fields.append("avatar")
    elif remove_avatar:
        member.avatar = ""
        fields.append("avatar")
    member.save(update_fields=fields)
    if replaced:
        storage = member._meta.get_field("avatar").storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return member
