"""Reading the forum: the categories, a category's questions, a question's page."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Value
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from articles import generations

from .. import post_fragments, question_page, visitor_draft
from ..drafts import reply_initial
from ..forms import ReplyForm
from ..listing import BoundedPaginator
from ..models import Category, CategorySubscription, Post, Topic
from ..notifications.inbox import unread_count_tokens
from ..pagecache import WITHDRAWN
from ..paging import DEFAULT_SORT, REPLY_ORDERINGS, clean_sort, counted_page
from ..permissions import Viewer, unwrapped
from ..queries import get_topic_for_page, get_visible_topic, posts_for_page
from ..question_page import MemberState
from ..standing import restriction

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
    paginator = BoundedPaginator(topics, settings.ASKWELL_TOPICS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "category": category,
        "page": page,
        "show": show,
        "page_query": urlencode({"show": show}) if show != "all" else "",
        "following_category": category.following,
    }
    return render(request, "forum/category_detail.html", context)


def sort_from(request):
    return clean_sort(request.GET.get("sort") or request.POST.get("sort"))


def _viewer_state(user, topic, page):
    """What the question page shows about its viewer, for `page` of `topic`'s replies
    (forum.question_page.member_state; nothing for a visitor)."""
    if not user.is_authenticated:
        return MemberState()
    shown = [topic.opening_post, topic.visible_accepted_answer, *page.object_list]
    return question_page.member_state(user, topic, shown)


def _replies_page(request, topic):
    """The page of `topic`'s replies the request asks for, as its viewer sees them."""
    replies = (
        posts_for_page(request.user, topic)
        .exclude(pk=topic.opening_post_id)
        .order_by(*REPLY_ORDERINGS[sort_from(request)])
    )
    return counted_page(replies, request.GET.get("page"), settings.ASKWELL_POSTS_PER_PAGE)


def topic_page_context(request, topic, reply_form, *, page=None, state=None):
    """What the question page shows: the question, the answer that helped, a page of
    replies in the chosen order, and the reply form (`reply_form`, bound after a
    rejected submit). `page` and `state` (forum.question_page) when read already."""
    sort = sort_from(request)
    user = unwrapped(request.user)
    if page is None:
        page = _replies_page(request, topic)
    # The posts' own rules (forum.permissions) read their question: the one loaded here.
    for post in [*page.object_list, topic.opening_post, topic.accepted_answer]:
        if post is not None:
            post.topic = topic
    is_moderator = user.is_authenticated and user.is_moderator()
    accepted_answer = topic.visible_accepted_answer
    shown = [topic.opening_post, accepted_answer, *page.object_list]
    if state is None:
        state = _viewer_state(user, topic, page)
    for post in shown:
        if post is not None:
            post.helpful_by_me = post.pk in state.helpful
            post.flagged_by_me = post.pk in state.flagged
    why_not = restriction(user, has_verified_email=state.has_verified_email)
    viewer = Viewer(user=user, restriction=why_not)
    # Members who may reply may quote a published post into their reply.
    quotable = (
        user.is_authenticated
        and not why_not
        and not topic.is_locked
        and topic.opening_post.state == Post.State.APPROVED
    )
    fragments = post_fragments.prefetch(
        [post for post in shown if post is not None],
        viewer=viewer,
        is_moderator=is_moderator,
        accepted_pk=accepted_answer.pk if accepted_answer else None,
        sort=sort,
        quote_page=page.number if quotable else None,
    )
    return {
        "topic": topic,
        "category": topic.category,
        "opening_post": topic.opening_post,
        "accepted_answer": accepted_answer,
        "page": page,
        "sort": sort,
        "sorts": list(REPLY_ORDERINGS),
        "page_query": urlencode({"sort": sort}) if sort != DEFAULT_SORT else "",
        "reply_form": reply_form,
        "restriction": why_not,
        "viewer": viewer,
        "following": state.following,
        "is_moderator": is_moderator,
        "quotable": quotable,
        "post_fragments": fragments,
    }


def topic_detail(request, category_slug, pk, slug):
    user = request.user
    # Every generation token the page reads, in one trip (articles.generations).
    names = [*question_page.tokens(pk), WITHDRAWN]
    if user.is_authenticated:
        names += unread_count_tokens(user)
    with generations.snapshot(names):
        return _topic_detail(request, category_slug, pk, slug)


def _topic_detail(request, category_slug, pk, slug):
    user = unwrapped(request.user)
    public = None
    if not (user.is_authenticated and user.is_moderator()):
        public = question_page.public_page(
            pk, sort=sort_from(request), number=request.GET.get("page")
        )
    if public is not None:
        topic, page = public
        state = _viewer_state(user, topic, page)
        if state.has_unpublished_posts:
            # Their own posts readers do not see belong on the page too.
            public = None
    if public is None:
        topic = get_topic_for_page(user, pk)
        page = state = None
    if topic.merged_into_id is not None:
        # A duplicate merged into another question: its posts are there now.
        target = get_visible_topic(
            request.user, topic.merged_into_id, Topic.objects.select_related("category")
        )
        return HttpResponseRedirect(target.get_absolute_url(), status=301)
    if (category_slug, slug) != (topic.category.slug, topic.slug):
        url = topic.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return HttpResponseRedirect(url, status=301)
    if page is None:
        page = _replies_page(request, topic)
        state = _viewer_state(user, topic, page)
    initial = reply_initial(user, topic) if state.has_draft else None
    if user.is_authenticated:
        # A reply typed before signing in again (forum.visitor_draft).
        kept = visitor_draft.restore(request.session, user, path=topic.get_absolute_url())
        if kept is not None:
            initial = {**(initial or {}), "body": kept.get("body", "")}
            visitor_draft.discard(request.session)
    reply_form = ReplyForm(initial=initial)
    return render(
        request,
        "forum/topic_detail.html",
        topic_page_context(request, topic, reply_form, page=page, state=state),
    )
