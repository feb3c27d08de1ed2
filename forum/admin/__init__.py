"""
The moderators' console in Django's admin, one module per part: the review queue
(queue), flagged posts (flagged), content (categories, questions, posts, flags) and the
moderation log (log). Importing them registers their ModelAdmins.
"""

from . import content, flagged, log, queue  # noqa: F401
