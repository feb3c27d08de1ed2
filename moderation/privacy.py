"""
Moderation's part of deleting a member's account. The moderation log stays: it is
append-only, and nobody changes what a moderator decided or why. What changes is how
it names the person who left: its member and moderator links (which would otherwise
just go empty) become a pseudonym, the same on all of that person's entries, and the
words written then (the entry's target, such as "patient_pat on “…”", its reason and
its details) have their username and e-mail addresses replaced by that pseudonym.
The log's design allows this data change: entries already keep their target as text
so that they outlive what they are about.

Moderators' private notes on a member are the account's and go with it
(accounts.privacy.delete_account).
"""

import json
import re

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from forum.models import ModerationEvent


def redact(text, pattern, pseudonym):
    return pattern.sub(pseudonym, text) if text else text


def names_pattern(names):
    """A case-insensitive pattern matching any of `names` (a username, addresses)."""
    names = sorted({name for name in names if name}, key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)


@transaction.atomic
def pseudonymise_member(*, member, pseudonym, names):
    """
    Make the moderation log refer to `member` only as `pseudonym`: in the entries
    about them, in those they made as a moderator, and wherever one of `names` (their
    username and e-mail addresses) was written. Returns how many entries changed.
    """
    changed = ModerationEvent.objects.filter(member=member).update(
        member=None, member_pseudonym=pseudonym
    )
    changed += ModerationEvent.objects.filter(moderator=member).update(
        moderator=None, moderator_pseudonym=pseudonym
    )
    pattern = names_pattern(names)
    mentions = Q()
    for name in {name for name in names if name}:
        mentions |= (
            Q(target__icontains=name) | Q(reason__icontains=name) | Q(details_text__icontains=name)
        )
    events = ModerationEvent.objects.annotate(details_text=Cast("details", TextField())).filter(
        mentions
    )
    for event in events:
        event.target = redact(event.target, pattern, pseudonym)[:255]
        event.reason = redact(event.reason, pattern, pseudonym)
        event.details = json.loads(
            redact(json.dumps(event.details, ensure_ascii=False), pattern, pseudonym)
        )
        event.save(update_fields=["target", "reason", "details"])
        changed += 1
    return changed
