"""
What authors and readers do to one post: mark it helpful, choose it as the answer that
helped, edit it, remove it.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from markup.render import render_markdown

from .. import answers, editing
from ..errors import Refused
from ..forms import ComposeActionForm, PreviewForm, ToggleForm, edit_form_class
from ..models import Post, Topic
from ..paging import clean_sort, post_url
from ..queries import get_visible_post
from ..standing import restriction


def _refuse(request, post, message, status=403):
    """Say on a page why the action was refused, with the way back to the post."""
    context = {"post": post, "message": message, "back_url": post_url(request.user, post)}
    return render(request, "forum/post_refused.html", context, status=status)


def _toggle(request, pk, *, on, off, on_message, off_message):
    post = get_visible_post(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(post_url(request.user, post))
    form = ToggleForm(request.POST)
    if not form.is_valid():
        return _refuse(request, post, _("That button sent something we did not expect."), 400)
    sort = clean_sort(form.cleaned_data["sort"])
    wanted = form.cleaned_data["value"]
    try:
        (on if wanted else off)(post=post, member=request.user)
    except Refused as refusal:
        return _refuse(request, post, refusal.message)
    messages.success(request, on_message if wanted else off_message)
    return redirect(post_url(request.user, post, sort=sort))


def go_to_post(request, pk):
    """A post's lasting link: the page of its question that shows it, worked out when
    the link is followed. After replying, the member is sent here rather than to a
    page worked out as the reply was saved: replies from other transactions still
    committing then could have moved it to the next page."""
    post = get_visible_post(request.user, pk)
    return redirect(post_url(request.user, post, sort=clean_sort(request.GET.get("sort"))))


@require_POST
def helpful(request, pk):
    return _toggle(
        request,
        pk,
        on=answers.mark_helpful,
        off=answers.unmark_helpful,
        on_message=_("You marked this reply as helpful."),
        off_message=_("You took back your helpful mark."),
    )


@require_POST
def accept(request, pk):
    return _toggle(
        request,
        pk,
        on=answers.accept_answer,
        off=answers.unaccept_answer,
        on_message=_("You marked this reply as the answer that helped you."),
        off_message=_("This reply is no longer marked as the answer that helped you."),
    )


def edit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = get_visible_post(request.user, pk)
    if not post.is_editable_by(request.user):
        if post.author_id == request.user.pk:
            return _refuse(request, post, _("This post can no longer be edited."))
        return _refuse(request, post, _("Only its author can edit a post."))
    why_not = restriction(request.user)
    form_class = edit_form_class(post)
    status = 403 if why_not else 200
    preview_html = None
    if request.method == "POST" and ComposeActionForm(request.POST).chosen() == "preview":
        # The text as it will look, with the form shown again as typed.
        typed = {name: request.POST.get(name, "") for name in form_class.base_fields}
        if PreviewForm({"text": typed["body"]}).is_valid():
            preview_html = render_markdown(typed["body"])
        form = form_class(initial=typed)
    elif request.method == "POST":
        form = form_class(request.POST, author=request.user, original_body=post.body)
        if why_not is None and form.is_valid():
            body = form.cleaned_data["body"]
            title = form.cleaned_data.get("title")
            if editing.is_unchanged(post, body=body, title=title):
                messages.info(request, _("You didn't change anything, so nothing was saved."))
                return redirect(post_url(request.user, post))
            was_published = post.state == Post.State.APPROVED
            post = editing.edit_post(post=post, editor=request.user, body=body, title=title)
            if was_published and post.state == Post.State.PENDING:
                messages.info(
                    request,
                    _(
                        "Your edit is saved. Because a moderator still reads your posts, "
                        "it will be published again once a moderator has reviewed it."
                    ),
                )
            else:
                messages.success(request, _("Your edit is saved."))
            post.topic.refresh_from_db(fields=["title", "slug"])
            return redirect(post_url(request.user, post))
    else:
        initial = {"body": post.body}
        if post.is_opening:
            initial["title"] = post.topic.title
        form = form_class(initial=initial)
    context = {
        "post": post,
        "topic": post.topic,
        "form": form,
        "restriction": why_not,
        "preview_html": preview_html,
    }
    return render(request, "forum/post_edit.html", context, status=status)


def _after_removal_url(user, post):
    """The placeholder if it is still shown, else the question, else its category."""
    topic = post.topic
    if not Topic.objects.visible_to(user).filter(pk=topic.pk).exists():
        return topic.category.get_absolute_url()
    if Post.objects.visible_to(user).filter(pk=post.pk).exists():
        return post_url(user, post)
    return topic.get_absolute_url()


def remove(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = get_visible_post(request.user, pk)
    if post.author_id != request.user.pk:
        return _refuse(request, post, _("Only its author can remove a post."))
    if post.is_removed:
        messages.info(request, _("This post is already removed."))
        return redirect(post_url(request.user, post))
    if request.method == "POST":
        try:
            post = editing.remove_post(post=post, member=request.user)
        except Refused as refusal:
            return _refuse(request, post, refusal.message)
        messages.success(request, _("Your post is removed."))
        return redirect(_after_removal_url(request.user, post))
    return render(request, "forum/post_remove.html", {"post": post, "topic": post.topic})
