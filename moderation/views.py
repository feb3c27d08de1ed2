"""
Decisions moderators make on a pending post where they read it, in its thread:
approve it, or reject it with a reason. The same services as the admin's queue; the
same rule for who may (a moderator whose session passed the authenticator code).
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from forum.errors import Refused
from forum.models import Post

from . import posts
from .forms import RejectForm


def _pending_post_for(request, pk):
    user = request.user
    if not (user.is_moderator() and is_mfa_enabled(user, [Authenticator.Type.TOTP])):
        raise Refused(_("Only moderators can do this."), code="not_moderator")
    return get_object_or_404(
        Post.objects.select_related("topic__category", "author"),
        pk=pk,
        state=Post.State.PENDING,
    )


@login_required
@require_POST
def approve_in_thread(request, pk):
    post = _pending_post_for(request, pk)
    posts.approve_post(post=post, moderator=request.user)
    messages.success(request, _("Approved and published."))
    return redirect(post.get_absolute_url())


@login_required
def reject_in_thread(request, pk):
    """The thread's "Reject" form (the moderator's note) posts here; with a canned
    reason to choose, or when the reason is missing, this page asks again."""
    post = _pending_post_for(request, pk)
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        posts.reject_post(
            post=post,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
            canned_reason=form.cleaned_data["canned_reason"],
        )
        messages.success(request, _("Rejected. The author has been told why by e-mail."))
        return redirect(post.topic.get_absolute_url())
    return TemplateResponse(request, "moderation/post_reject.html", {"post": post, "form": form})
