"""
The forum's models, one module per subject. Everything is imported here, so the rest
of the project imports them from `forum.models`.
"""

from .drafts import Draft
from .flags import Flag
from .moderation import ModerationEvent, ModeratorNote, PendingPost, RejectionReason
from .notifications import CategorySubscription, Notification, TopicSubscription
from .posts import (
    HelpfulVote,
    Post,
    PostQuerySet,
    PostRevision,
    post_is_visible,
    post_visibility,
    topic_is_visible,
    topic_visibility,
)
from .search import TopicSearchDocument
from .topics import (
    RESERVED_CATEGORY_SLUGS,
    Category,
    Topic,
    TopicQuerySet,
    validate_category_slug,
)

__all__ = [
    "RESERVED_CATEGORY_SLUGS",
    "Category",
    "CategorySubscription",
    "Draft",
    "Flag",
    "HelpfulVote",
    "ModerationEvent",
    "ModeratorNote",
    "Notification",
    "PendingPost",
    "Post",
    "PostQuerySet",
    "PostRevision",
    "RejectionReason",
    "Topic",
    "TopicQuerySet",
    "TopicSearchDocument",
    "TopicSubscription",
    "post_is_visible",
    "post_visibility",
    "topic_is_visible",
    "topic_visibility",
    "validate_category_slug",
]
