"""
A member's standing for what they write: whether their posts wait for a moderator,
and whether they may act at all right now (suspended, e-mail not confirmed).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import Refused
from .models import Post


def needs_review(author):
    """Whether a new post by `author` waits for a moderator before it is published."""
    if author.is_moderator():
        return False
    if author.review_policy == author.ReviewPolicy.ALWAYS:
        return True
    approved = Post.objects.filter(author=author).approved().count()
    return approved < settings.ASKWELL_APPROVALS_BEFORE_TRUST


def restriction(user, *, has_verified_email=None):
    """Why `user` may not post right now ("suspended", "unverified"), or None;
    `has_verified_email` when the caller has read it already."""
    if not user.is_authenticated:
        return None
    return user.posting_restriction(has_verified_email=has_verified_email)


# What a member is told when their standing stops them, by what they tried to do.
REFUSALS = {
    "post": {
        "suspended": _("Your account is suspended, so you can't post for now."),
        "unverified": _("Please confirm your e-mail address before you post."),
    },
    "edit": {
        "suspended": _("Your account is suspended, so you can't edit posts for now."),
        "unverified": _("Please confirm your e-mail address before you edit posts."),
    },
    "mark": {
        "suspended": _("Your account is suspended, so you can't mark replies for now."),
        "unverified": _("Please confirm your e-mail address before you mark replies."),
    },
    "flag": {
        "suspended": _("Your account is suspended, so you can't flag posts for now."),
        "unverified": _("Please confirm your e-mail address before you flag posts."),
    },
}


def check_may_act(member, *, doing):
    """Refused unless `member` is an active account that may post now; `doing` ("post",
    "edit", "mark", "flag") chooses the words they are told."""
    if not member.is_authenticated or not member.is_active:
        raise Refused(_("Your account is not active."), code="inactive")
    why = member.posting_restriction()
    if why is not None:
        raise Refused(REFUSALS[doing][why], code=why)
