"""The edits of a post, for everyone who may see the post."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..models import Post
from ..queries import get_visible_post
from ..revisions import edits_of


@require_GET
def post_revisions(request, pk):
    """
    Who edited the post and when, for all who may see it; what each edit changed, for
    its author and the moderators only: members often edit to take out details about
    themselves, and moderators to take out someone's phone number, and the earlier
    text must not stay readable to everyone.
    """
    user = request.user
    post = get_visible_post(user, pk)
    is_moderator = user.is_authenticated and user.is_moderator()
    if post.state == Post.State.REMOVED and not is_moderator:
        raise Http404
    shows_changes = is_moderator or (user.is_authenticated and post.author_id == user.pk)
    context = {
        "post": post,
        "topic": post.topic,
        "edits": edits_of(post)[::-1],
        "shows_changes": shows_changes,
    }
    return render(request, "forum/post_revisions.html", context)
