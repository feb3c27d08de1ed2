from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import flags
from ..errors import Refused
from ..forms import FlagForm
from ..models import Post, Topic
from ..paging import post_url
from ..queries import get_visible_post
from ..standing import restriction


def _flaggable_post(request, pk):
    """A published post the member can see, on a question they can see; else 404."""
    posts = Post.objects.filter(state=Post.State.APPROVED).select_related(
        "author", "topic__category"
    )
    return get_visible_post(request.user, pk, posts)


def _back_to(request, post):
    """Where to go after flagging: the post, or its category when the flag has just
    hidden the question itself from this member."""
    if Topic.objects.visible_to(request.user).filter(pk=post.topic_id).exists():
        return redirect(post_url(request.user, post))
    return redirect(post.topic.category)


def flag(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _flaggable_post(request, pk)
    why_not = restriction(request.user)
    own_post = post.author_id == request.user.pk
    already_flagged = flags.has_open_flag(post=post, member=request.user)

    if request.method == "POST" and already_flagged and not (why_not or own_post):
        # Most often the same form sent twice: the first one counted.
        messages.info(request, _("You have already flagged this post. Moderators will look at it."))
        return _back_to(request, post)

    form = FlagForm(request.POST if request.method == "POST" else None)
    status = 403 if why_not or own_post else 200
    if request.method == "POST" and status == 200 and form.is_valid():
        try:
            flags.flag_post(
                post=post,
                flagger=request.user,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
        except Refused as refusal:
            # Flagged already (a form sent twice), or the post changed while the member
            # was writing (hidden or unpublished).
            messages.info(request, refusal.message)
        else:
            messages.success(request, _("Thank you. Moderators will look at it."))
        return _back_to(request, post)

    context = {
        "post": post,
        "form": form,
        "restriction": why_not,
        "own_post": own_post,
        "already_flagged": already_flagged,
        "back_url": post_url(request.user, post),
    }
    return render(request, "forum/flag_form.html", context, status=status)
