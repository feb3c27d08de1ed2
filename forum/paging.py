"""
Where a post is shown: the page of its question that holds it, for a given viewer and
order of the replies. Used by views after posting and by notifications' links. And
one page of a list read with its total in the same query.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Window
from django.utils.http import urlencode

from .models import Post

# How the replies of a question can be ordered: ?sort=<key>. The first is the default.
REPLY_ORDERINGS = {
    "oldest": ("created_at", "pk"),
    "helpful": ("-helpful_count", "created_at", "pk"),
}
DEFAULT_SORT = "oldest"
# The highest page number counted_page reads directly.
MAX_PAGE_NUMBER = 10**6


def clean_sort(value):
    """A known order of the replies, or the default."""
    return value if value in REPLY_ORDERINGS else DEFAULT_SORT


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


def counted_page(rows, number, per_page):
    """
    The page `number` of the ordered queryset `rows`, as Paginator.get_page gives it
    (the first page for a number that is not one, the last for one past the end), with
    the total counted in the page's own query (a window count) rather than in a COUNT
    of its own. Only a page with nothing on it (an empty list, a number past the end)
    asks for the COUNT too.
    """
    paginator = Paginator(rows, per_page)
    try:
        wanted = int(number) if number is not None else 1
    except (TypeError, ValueError):
        wanted = 1
    # Beyond any real list (and beyond what a database takes as an OFFSET): the
    # paginator's own answer, the last page.
    if 1 <= wanted <= MAX_PAGE_NUMBER:
        bottom = (wanted - 1) * per_page
        shown = list(rows.annotate(total_in_list=Window(Count("*")))[bottom : bottom + per_page])
        if shown:
            # Paginator.count is a cached property: the total read with the page.
            paginator.count = shown[0].total_in_list
            return Page(shown, wanted, paginator)
    page = paginator.get_page(wanted)
    page.object_list = list(page.object_list)
    return page
