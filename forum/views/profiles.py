"""
A member's public profile: only what every visitor may see of them. Anonymous
questions, and the asker's posts in them, are neither listed nor counted here, so
nothing on the page (a list, a count, a date) leads to them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.shortcuts import get_object_or_404, render

from ..models import Post, Topic


def public_posts(member):
    """`member`'s posts everyone may see under their name: published, in questions
    everyone may open, not anonymous."""
    return (
        Post.objects.visible_to(AnonymousUser())
        .approved()
        .filter(author=member, is_anonymous=False)
    )


def profile(request, username):
    member = get_object_or_404(
        get_user_model(), username=username, is_active=True, deletion_due_at__isnull=True
    )
    posts = public_posts(member)
    questions = (
        Topic.objects.visible_to(AnonymousUser())
        .listed()
        .filter(opening_post__in=posts)
        .for_listing()
    )
    replies = (
        posts.exclude(pk=F("topic__opening_post"))
        .select_related("topic__category")
        .order_by("-published_at", "-pk")
    )
    per_page = settings.ASKWELL_TOPICS_PER_PAGE
    counts = posts.aggregate(
        posts=Count("pk"),
        questions=Count("pk", filter=Q(pk=F("topic__opening_post"))),
        helpful=Sum("helpful_count"),
    )
    context = {
        "member": member,
        "post_count": counts["posts"],
        "question_count": counts["questions"],
        "reply_count": counts["posts"] - counts["questions"],
        "helpful_count": counts["helpful"] or 0,
        "page": Paginator(questions, per_page).get_page(request.GET.get("page")),
        "replies_page": Paginator(replies, per_page).get_page(request.GET.get("replies")),
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
