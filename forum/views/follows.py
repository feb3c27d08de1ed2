"""Following and no longer following a question or a category."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import FollowForm
from ..models import Category, Topic
from ..notifications import follows
from ..queries import get_visible_topic
from ..redirects import local_path


def _back(request, default):
    """Where the button was pressed: the question or category page, or the
    notification settings page (`next`), never another site."""
    return local_path(request, request.POST.get("next", ""), default)


def _follow(request, *, back, follow, unfollow, followed, unfollowed):
    """Follow or stop following, as the button asks (its wanted state, so that a
    second press changes nothing), then go back where it was pressed."""
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["follow"][0])
    elif form.cleaned_data["follow"]:
        follow(member=request.user)
        messages.success(request, followed)
    else:
        unfollow(member=request.user)
        messages.success(request, unfollowed)
    return HttpResponseRedirect(back)


@require_POST
def follow_topic(request, pk):
    topic = get_visible_topic(request.user, pk, Topic.objects.select_related("category"))
    names = {"title": topic.title}
    return _follow(
        request,
        back=_back(request, topic.get_absolute_url()),
        follow=partial(follows.follow_topic, topic=topic),
        unfollow=partial(follows.unfollow_topic, topic=topic),
        followed=_("You are following “%(title)s”. We will tell you of new replies.") % names,
        unfollowed=_("You no longer follow “%(title)s”.") % names,
    )


@require_POST
def follow_category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    names = {"name": category.name}
    return _follow(
        request,
        back=_back(request, category.get_absolute_url()),
        follow=partial(follows.follow_category, category=category),
        unfollow=partial(follows.unfollow_category, category=category),
        followed=_("You are following “%(name)s”. We will tell you of new questions in it.")
        % names,
        unfollowed=_("You no longer follow “%(name)s”.") % names,
    )
