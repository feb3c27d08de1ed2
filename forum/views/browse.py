from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from ..forms import ReplyForm
from ..models import Category, Post, Topic


def category_list(request):
    categories = Category.objects.all()
    return render(request, "forum/category_list.html", {"categories": categories})


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    topics = Topic.objects.visible_to(request.user).filter(category=category).for_listing()
    page = Paginator(topics, settings.ASKWELL_TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forum/category_detail.html", {"category": category, "page": page})


def _topic_page_context(request, topic, reply_form):
    replies = (
        Post.objects.visible_to(request.user)
        .filter(topic=topic)
        .exclude(pk=topic.opening_post_id)
        .select_related("author")
    )
    page = Paginator(replies, settings.ASKWELL_POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "topic": topic,
        "category": topic.category,
        "opening_post": topic.opening_post,
        "page": page,
        "reply_form": reply_form,
        "restriction": posting_restriction(request.user),
    }


def _get_visible_topic(request, pk):
    topics = Topic.objects.visible_to(request.user).select_related(
        "category", "article", "opening_post__author"
    )
    return get_object_or_404(topics, pk=pk)


def topic_detail(request, category_slug, pk, slug):
    topic = _get_visible_topic(request, pk)
    if (category_slug, slug) != (topic.category.slug, topic.slug):
        url = topic.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return HttpResponseRedirect(url, status=301)
    return render(
        request, "forum/topic_detail.html", _topic_page_context(request, topic, ReplyForm())
    )


def post_url(user, post):
    """The URL of the page of the question that shows `post` to `user`."""
    earlier = (
        Post.objects.visible_to(user)
        .filter(topic=post.topic)
        .exclude(pk=post.topic.opening_post_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    page = earlier // settings.ASKWELL_POSTS_PER_PAGE + 1
    url = post.topic.get_absolute_url()
    if page > 1:
        url += "?" + urlencode({"page": page})
    return f"{url}#post-{post.pk}"


def posting_restriction(user):
    if not user.is_authenticated:
        return None
    return user.posting_restriction()
