"""Following and no longer following a question or a category."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import FollowForm
from ..models import Category, Topic
from ..notifications import follows
from ..queries import get_visible_topic


def _back(request, default):
    """Where the button was pressed: the question or category page, or the
    notification settings page (`next`), never another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
def follow_topic(request, pk):
    topic = get_visible_topic(request.user, pk, Topic.objects.select_related("category"))
    back = _back(request, topic.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["follow"][0])
    elif form.cleaned_data["follow"]:
        follows.follow_topic(member=request.user, topic=topic)
        messages.success(
            request,
            _("You are following “%(title)s”. We will tell you of new replies.")
            % {"title": topic.title},
        )
    else:
        follows.unfollow_topic(member=request.user, topic=topic)
        messages.success(request, _("You no longer follow “%(title)s”.") % {"title": topic.title})
    return redirect(back)


@require_POST
def follow_category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    back = _back(request, category.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["follow"][0])
    elif form.cleaned_data["follow"]:
        follows.follow_category(member=request.user, category=category)
        messages.success(
            request,
            _("You are following “%(name)s”. We will tell you of new questions in it.")
            % {"name": category.name},
        )
    else:
        follows.unfollow_category(member=request.user, category=category)
        messages.success(request, _("You no longer follow “%(name)s”.") % {"name": category.name})
    return redirect(back)
