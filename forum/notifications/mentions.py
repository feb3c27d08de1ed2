"""
@mentions in posts: "@name" links to the member's profile when a post is rendered
(markup.render finds the names; this module says which are members), and the members
mentioned are told once the post is published (forum.notifications.inbox).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from markup.render import mentioned_names, render_markdown

# A post tells at most this many of the members it mentions, the first named: a
# post naming the whole forum is not a way to reach everyone's inbox.
MAX_MENTIONS_NOTIFIED = 10


def _members_named(names):
    """The members with a public profile among `names`, as {name as written: member}.
    A name matches whatever its case ("@Maria" is maria), as two members cannot have
    names that differ only by case (accounts.usernames)."""
    if not names:
        return {}
    lowered = {name.lower() for name in names}
    members = (
        get_user_model()
        .objects.annotate(lowered=Lower("username"))
        .filter(Q(username__in=names) | Q(lowered__in=lowered))
        .filter(is_active=True, deletion_due_at__isnull=True)
        .only("pk", "username")
    )
    by_name = {}
    for member in members:
        by_name.setdefault(member.username, member)
        by_name.setdefault(member.username.lower(), member)
    found = {}
    for name in names:
        member = by_name.get(name) or by_name.get(name.lower())
        if member is not None:
            found[name] = member
    return found


def _profile_links(names):
    return {
        name: reverse("members:profile", args=[member.username])
        for name, member in _members_named(names).items()
    }


def render_post(body):
    """A post's text as stored HTML: the markup pipeline, with each "@name" of a member
    linked to their profile (Post.body_html's renderer)."""
    return render_markdown(body, mention_links=_profile_links)


def mentioned_members(post):
    """The members `post` mentions where readers see a link (in its text, not in a link
    or code), not its author: the first MAX_MENTIONS_NOTIFIED of them."""
    members = []
    for member in _members_named(mentioned_names(render_markdown(post.body))).values():
        if member.pk != post.author_id and member not in members:
            members.append(member)
    return members[:MAX_MENTIONS_NOTIFIED]
