"""
The audit trail of moderation: every moderation action is recorded here, by the
service that performs it, in the same transaction. Records are only ever added.
"""

from django.utils import timezone

from .models import ModerationEvent


def record(
    *, moderator, action, post=None, topic=None, member=None, reason="", details=None, when=None
):
    """Add one entry to the moderation log and return it. `moderator` is None when the
    forum acted on its own (a post hidden after members' flags)."""
    target = post or topic or member
    return ModerationEvent.objects.create(
        moderator=moderator,
        action=action,
        post=post,
        topic=topic or (post.topic if post is not None else None),
        member=member or (post.author if post is not None else None),
        target=str(target)[:255] if target is not None else "",
        reason=reason,
        details=details or {},
        created_at=when or timezone.now(),
    )
