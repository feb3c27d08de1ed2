"""
Where a post is shown: the page of its question that holds it, for a given viewer and
order of the replies. Used by views after posting and by notifications' links.
"""

from django.conf import settings
from django.db.models import Q
from django.utils.http import urlencode

from .models import Post

# How the replies of a question can be ordered: ?sort=<key>. The first is the default.
REPLY_ORDERINGS = {
    "oldest": ("created_at", "pk"),
    "helpful": ("-helpful_count", "created_at", "pk"),
}
DEFAULT_SORT = "oldest"


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
