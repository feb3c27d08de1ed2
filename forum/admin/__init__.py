"""
The moderators' console in Django's admin, one module per part: the moderation queue
of posts waiting for review, hidden or flagged, and the canned reasons for rejecting
(queue), content (categories, questions, posts, flags) and the moderation log (log).
Importing them registers their ModelAdmins.
"""

from . import content, log, queue  # noqa: F401
