"""
Deleting a member's account, across the site. Each app does its own part, in an
order where each still finds what it needs:

1. moderation: the log names them by a pseudonym from now on (moderation.privacy);
2. the admin's own history (django.contrib.admin's LogEntry, the config app's): the
   same pseudonym in what it wrote of them;
3. forum: their posts removed or kept as "Former member", the rest of theirs gone
   (forum.privacy);
4. accounts: the account itself, its e-mail addresses, sessions, avatar, bio,
   professional data and exports (accounts.privacy).

A member asks for it (accounts.privacy.request_deletion); it is carried out when the
grace period ends, by the worker (tasks.delete_account_when_due) or by
`manage.py purge_old_data`, whichever comes first.
"""

import logging
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import outbox
from accounts import privacy as account_privacy
from accounts.models import Member, User
from forum import privacy as forum_privacy
from moderation import privacy as moderation_privacy

logger = logging.getLogger(__name__)


def new_pseudonym():
    """How the moderation log names a former member: nothing of who they were."""
    return f"former-member-{secrets.token_hex(4)}"


def identifying_names(member):
    """What names `member` in words: their username and every e-mail address."""
    addresses = EmailAddress.objects.filter(user=member).values_list("email", flat=True)
    return sorted({member.username, member.email, *addresses} - {""})


def _pseudonymise_admin_history(member, pseudonym, names):
    """The admin's history of changes keeps no name of theirs: entries about their
    account, and any that wrote one of `names`, name the pseudonym instead. Entries
    they made themselves (as an administrator) go with their account."""
    pattern = moderation_privacy.names_pattern(names)
    account_types = ContentType.objects.get_for_models(User, Member, for_concrete_models=False)
    about = Q(content_type__in=account_types.values(), object_id=str(member.pk))
    for name in names:
        about |= Q(object_repr__icontains=name) | Q(change_message__icontains=name)
    for entry in LogEntry.objects.filter(about).exclude(user=member):
        entry.object_repr = moderation_privacy.redact(entry.object_repr, pattern, pseudonym)
        entry.change_message = moderation_privacy.redact(entry.change_message, pattern, pseudonym)
        if entry.content_type_id in {ct.pk for ct in account_types.values()}:
            entry.object_repr = pseudonym
        entry.save(update_fields=["object_repr", "change_message"])


@transaction.atomic
def delete_member(*, member, keep_posts):
    """
    Delete `member`'s account now, everywhere, in one transaction: see the module's
    docstring. With `keep_posts`, their published posts stay as "Former member";
    otherwise everything they wrote goes. Returns the pseudonym the moderation log
    now knows them by.
    """
    member = User.objects.select_for_update().get(pk=member.pk)
    pseudonym = new_pseudonym()
    names = identifying_names(member)
    moderation_privacy.pseudonymise_member(member=member, pseudonym=pseudonym, names=names)
    _pseudonymise_admin_history(member, pseudonym, names)
    forum_privacy.erase_member(member=member, keep_posts=keep_posts)
    account_privacy.delete_account(member=member)
    return pseudonym


def delete_if_due(*, member_id, now=None):
    """Carry out the deletion `member_id` asked for, if its grace period is over and
    they have not come back. Returns whether it was carried out."""
    member = account_privacy.members_due_for_deletion(now).filter(pk=member_id).first()
    if member is None:
        return False
    delete_member(member=member, keep_posts=member.deletion_mode == User.DeletionMode.KEEP_POSTS)
    return True


def delete_due_accounts(now=None):
    """Every deletion whose grace period is over. A failure for one account is
    logged and leaves the others going. Returns (deleted, failed)."""
    now = now or timezone.now()
    deleted = failed = 0
    for member_id in account_privacy.members_due_for_deletion(now).values_list("pk", flat=True):
        try:
            deleted += delete_if_due(member_id=member_id, now=now)
        except Exception:
            logger.exception("Could not delete the account of member %s", member_id)
            failed += 1
    return deleted, failed


def send_deletion_notice(*, member_id):
    """Tell a member, at their primary address, when their account will be deleted and
    that signing in again keeps it (someone else at their keyboard may have asked)."""
    member = User.objects.filter(pk=member_id, deletion_due_at__isnull=False).first()
    if member is None or not member.email:
        return
    context = {
        "member": member,
        "login_url": settings.SITE_URL + reverse("account_login"),
    }
    outbox.send(
        EmailMessage(
            subject=render_to_string(
                "privacy/email/deletion_requested_subject.txt", context
            ).strip(),
            body=render_to_string("privacy/email/deletion_requested_message.txt", context),
            to=[member.email],
        )
    )
