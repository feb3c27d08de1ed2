"""
The moderators' console in Django's admin, one module per part: the review queue and
canned reasons (queue), questions (questions), every post and flag (records), member
standing (members), professional applications (professionals) and the moderation log
(log). Importing them registers their ModelAdmins.
"""

from . import log, members, professionals, questions, queue, records  # noqa: F401
