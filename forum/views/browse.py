from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Value
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from ..drafts import reply_initial
from ..forms import ReplyForm
from ..models import (
    Category,
    CategorySubscription,
    Flag,
    HelpfulVote,
    Post,
    Topic,
    TopicSubscription,
)

# How the replies of a question can be ordered: ?sort=<key>. The first is the default.
REPLY_ORDERINGS = {
    "oldest": ("created_at", "pk"),
    "helpful": ("-helpful_count", "created_at", "pk"),
}
DEFAULT_SORT = "oldest"
# Which questions a category lists: ?show=<key>.
TOPIC_FILTERS = ("all", "unanswered")


def category_list(request):
    categories = Category.objects.all()
    return render(request, "forum/category_list.html", {"categories": categories})


def _following_category(user):
    if not user.is_authenticated:
        return Value(False)
    return Exists(CategorySubscription.objects.filter(member=user, category=OuterRef("pk")))


def category_detail(request, slug):
    categories = Category.objects.annotate(following=_following_category(request.user))
    category = get_object_or_404(categories, slug=slug)
    show = request.GET.get("show")
    show = show if show in TOPIC_FILTERS else "all"
    topics = Topic.objects.visible_to(request.user).listed().filter(category=category)
    if show == "unanswered":
        topics = topics.unanswered()
    # Pinned questions head the list, then the most recently active.
    topics = topics.for_listing().order_by("-is_pinned", "-last_activity_at", "-pk")
    page = Paginator(topics, settings.ASKWELL_TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "category": category,
        "page": page,
        "show": show,
        "page_query": urlencode({"show": show}) if show != "all" else "",
        "following_category": category.following,
    }
    return render(request, "forum/category_detail.html", context)


def _helpful_by(user, post_field="pk"):
    """Whether `user` marked the post at `post_field` as helpful."""
    if not user.is_authenticated:
        return Value(False)
    return Exists(HelpfulVote.objects.filter(post=OuterRef(post_field), member=user))


def _flagged_by(user, post_field="pk"):
    """Whether `user` has an open flag on the post at `post_field`."""
    if not user.is_authenticated:
        return Value(False)
    return Exists(
        Flag.objects.filter(post=OuterRef(post_field), flagger=user, resolved_at__isnull=True)
    )


def annotated_posts(user):
    """Posts `user` may see, with what the question page shows about them and the
    viewer: their author, and whether the viewer marked or flagged them."""
    return (
        Post.objects.visible_to(user)
        .select_related("author", "moderator_note__source_article")
        .annotate(
            helpful_by_me=_helpful_by(user),
            flagged_by_me=_flagged_by(user),
        )
    )


def sort_from(request):
    sort = request.GET.get("sort") or request.POST.get("sort")
    return sort if sort in REPLY_ORDERINGS else DEFAULT_SORT


def _get_visible_topic(request, pk):
    """The question, with what its page needs about the viewer in the same query: the
    opening post and the answer that helped (if the viewer may see it), whether they
    flagged either, and whether they follow the question."""
    user = request.user
    visible_posts = Post.objects.visible_to(user)
    topics = (
        Topic.objects.visible_to(user)
        .select_related(
            "category",
            "article",
            "opening_post__author",
            "accepted_answer__author",
            "opening_post__moderator_note__source_article",
            "accepted_answer__moderator_note__source_article",
        )
        .annotate(
            accepted_is_visible=Exists(visible_posts.filter(pk=OuterRef("accepted_answer_id"))),
            opening_flagged_by_me=_flagged_by(user, "opening_post"),
            accepted_flagged_by_me=_flagged_by(user, "accepted_answer"),
            accepted_helpful_by_me=_helpful_by(user, "accepted_answer"),
            following=(
                Exists(TopicSubscription.objects.filter(member=user, topic=OuterRef("pk")))
                if user.is_authenticated
                else Value(False)
            ),
        )
    )
    topic = get_object_or_404(topics, pk=pk)
    topic.opening_post.flagged_by_me = topic.opening_flagged_by_me
    topic.opening_post.helpful_by_me = False
    if topic.accepted_answer is not None:
        topic.accepted_answer.flagged_by_me = topic.accepted_flagged_by_me
        topic.accepted_answer.helpful_by_me = topic.accepted_helpful_by_me
    return topic


def _topic_page_context(request, topic, reply_form):
    sort = sort_from(request)
    replies = (
        annotated_posts(request.user)
        .filter(topic=topic)
        .exclude(pk=topic.opening_post_id)
        .order_by(*REPLY_ORDERINGS[sort])
    )
    page = Paginator(replies, settings.ASKWELL_POSTS_PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    return {
        "topic": topic,
        "category": topic.category,
        "opening_post": topic.opening_post,
        "accepted_answer": topic.accepted_answer if topic.accepted_is_visible else None,
        "page": page,
        "sort": sort,
        "sorts": list(REPLY_ORDERINGS),
        "page_query": urlencode({"sort": sort}) if sort != DEFAULT_SORT else "",
        "reply_form": reply_form,
        "restriction": posting_restriction(user),
        "following": topic.following,
        "is_asker": user.is_authenticated and topic.opening_post.author_id == user.pk,
        "is_moderator": user.is_authenticated and user.is_moderator(),
    }


def topic_detail(request, category_slug, pk, slug):
    topic = _get_visible_topic(request, pk)
    if topic.merged_into_id is not None:
        # A duplicate merged into another question: its posts are there now.
        target = get_object_or_404(
            Topic.objects.visible_to(request.user).select_related("category"),
            pk=topic.merged_into_id,
        )
        return HttpResponseRedirect(target.get_absolute_url(), status=301)
    if (category_slug, slug) != (topic.category.slug, topic.slug):
        url = topic.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return HttpResponseRedirect(url, status=301)
    reply_form = ReplyForm(initial=reply_initial(request.user, topic))
    return render(
        request, "forum/topic_detail.html", _topic_page_context(request, topic, reply_form)
    )


def post_url(user, post, sort=DEFAULT_SORT):
    """The URL of the page of the question that shows `post` to `user`, with the
    replies in the `sort` order."""
    topic = post.topic
    replies = Post.objects.visible_to(user).filter(topic=topic).exclude(pk=topic.opening_post_id)
    same_time = Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    if sort == "helpful":
        count = post.helpful_count
        earlier = replies.filter(Q(helpful_count__gt=count) | (Q(helpful_count=count) & same_time))
    else:
        earlier = replies.filter(same_time)
    params = {}
    if sort != DEFAULT_SORT and sort in REPLY_ORDERINGS:
        params["sort"] = sort
    page = earlier.count() // settings.ASKWELL_POSTS_PER_PAGE + 1
    if page > 1:
        params["page"] = page
    url = topic.get_absolute_url()
    if params:
        url += "?" + urlencode(params)
    return f"{url}#post-{post.pk}"


def posting_restriction(user):
    if not user.is_authenticated:
        return None
    return user.posting_restriction()
