from django.contrib.auth.models import Group
from django.db import transaction

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
