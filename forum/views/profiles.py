"""A member's public profile: only what every visitor may see of them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from ..models import Post, Topic


def profile(request, username):
    member = get_object_or_404(get_user_model(), username=username, is_active=True)
    public = AnonymousUser()
    questions = (
        Topic.objects.visible_to(public).listed().filter(opening_post__author=member).for_listing()
    )
    context = {
        "member": member,
        # Through the one visibility rule: a reply in a question hidden since is not
        # published any more, whatever its own state.
        "approved_post_count": Post.objects.visible_to(public)
        .approved()
        .filter(author=member)
        .count(),
        "page": Paginator(questions, settings.ASKWELL_TOPICS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "unpublished_posts": [],
    }
    if request.user == member:
        context["unpublished_posts"] = (
            Post.objects.visible_to(request.user)
            .filter(author=member)
            .exclude(state=Post.State.APPROVED)
            .select_related("topic__category")
            .order_by("-created_at")[:50]
        )
    return render(request, "forum/profile.html", context)
