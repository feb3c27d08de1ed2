from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from markup.render import render_markdown

from .. import drafts, safety
from ..forms import (
    AskForm,
    ComposeActionForm,
    DiscardDraftForm,
    DraftForm,
    PreviewForm,
    ReplyForm,
    SimilarForm,
)
from ..models import Post, Topic
from ..similar import similar_questions
from .browse import _get_visible_topic, _topic_page_context, post_url, posting_restriction

# What an anonymous visitor typed into the ask form, kept while they sign in or sign up.
ASK_DRAFT_SESSION_KEY = "forum_ask_draft"


def _clock(when):
    """A time of day as members read it: 14:05, in the site's time zone."""
    return dateformat.format(timezone.localtime(when), "H:i")


def _rate_limited_error(until):
    return ValidationError(
        _(
            "You have posted as often as the forum allows in an hour. "
            "You can post again at %(time)s. What you wrote is kept below."
        ),
        code="rate_limited",
        params={"time": _clock(until)},
    )


def _first_error(form):
    return next(iter(form.errors.values()))[0]


def _may_keep_drafts(user):
    return user.is_authenticated and posting_restriction(user) is None


def _duplicate_redirect(request, post, what):
    messages.info(request, what)
    return redirect(post_url(request.user, post))


@require_POST
def reply(request, category_slug, pk, slug):
    topic = _get_visible_topic(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(topic.get_absolute_url())
    form = ReplyForm(request.POST, author=request.user)
    chosen = ComposeActionForm(request.POST)
    action = chosen.chosen()
    restriction = posting_restriction(request.user)
    # A locked question shows why on the page, with what was typed kept in the form.
    allowed = restriction is None and topic.is_published and not topic.is_locked
    status = 200 if allowed else 403
    extra = {
        "emergency": safety.mentions_emergency(request.POST.get("body", "")),
        "personal_data": safety.personal_data_in(request.POST.get("body", "")),
    }

    if allowed and action == "preview":
        body = form.draft()["body"]
        preview = PreviewForm({"text": body})
        if preview.is_valid():
            extra["preview_html"] = render_markdown(body)
            drafts.save_draft(author=request.user, topic=topic, body=body)
            extra["draft_saved_at"] = _clock(timezone.now())
        # Shown again as typed, without error messages for a text still being written.
        form = ReplyForm(initial=form.draft(), author=request.user)
    elif allowed and form.is_valid():
        try:
            post = safety.submit_reply(
                author=request.user,
                topic=topic,
                body=form.cleaned_data["body"],
                acknowledged=chosen.is_valid() and chosen.cleaned_data["acknowledged"],
                now=timezone.now(),
            )
        except safety.DuplicateSubmission as duplicate:
            return _duplicate_redirect(
                request, duplicate.post, _("You had already posted this reply; here it is.")
            )
        except safety.RateLimited as limited:
            form.add_error(None, _rate_limited_error(limited.until))
            status = 429
        except (safety.EmergencyNotAcknowledged, safety.PersonalDataNotAcknowledged):
            pass
        else:
            if post.state == Post.State.APPROVED:
                messages.success(request, _("Your reply is published."))
            else:
                messages.info(
                    request,
                    _("Thank you. Your reply will appear once a moderator has reviewed it."),
                )
            return redirect(post_url(request.user, post))
    context = _topic_page_context(request, topic, form)
    context.update(extra)
    return render(request, "forum/topic_detail.html", context, status=status)


def _ask_url(article):
    url = reverse("forum:ask")
    return f"{url}?{urlencode({'article': article.slug})}" if article else url


def ask(request):
    article_slug = request.GET.get("article", "").strip()
    article = Article.objects.filter(slug=article_slug).first() if article_slug else None
    unknown_article = article_slug if article_slug and article is None else ""
    restriction = posting_restriction(request.user)
    status = 200
    context = {}

    if request.method == "POST":
        form = AskForm(request.POST, author=request.user)
        chosen = ComposeActionForm(request.POST)
        action = chosen.chosen()
        typed = form.draft()
        context["emergency"] = safety.mentions_emergency(f"{typed['title']}\n{typed['body']}")
        context["personal_data"] = safety.personal_data_in(f"{typed['title']}\n{typed['body']}")
        if action in ("preview", "check"):
            if action == "preview" and PreviewForm({"text": typed["body"]}).is_valid():
                context["preview_html"] = render_markdown(typed["body"])
            if action == "check":
                context["similar"] = similar_questions(typed["title"])
                context["similar_checked"] = True
            if _may_keep_drafts(request.user):
                saved = DraftForm({**typed, "article": article.slug if article else ""})
                if saved.is_valid():
                    drafts.save_draft(author=request.user, **_draft_fields(saved))
                    context["draft_saved_at"] = _clock(timezone.now())
            # Shown again as typed, without error messages for a text still being written.
            form = AskForm(initial=typed)
        elif not form.is_valid() or unknown_article:
            pass
        elif not request.user.is_authenticated:
            request.session[ASK_DRAFT_SESSION_KEY] = typed
            messages.info(
                request,
                _(
                    "Sign in or create an account to post your question. "
                    "We have kept what you wrote."
                ),
            )
            return redirect_to_login(_ask_url(article))
        elif restriction is not None:
            status = 403
        else:
            try:
                topic = safety.submit_question(
                    author=request.user,
                    category=form.cleaned_data["category"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    article=article,
                    acknowledged=chosen.is_valid() and chosen.cleaned_data["acknowledged"],
                    now=timezone.now(),
                )
            except safety.DuplicateSubmission as duplicate:
                return _duplicate_redirect(
                    request,
                    duplicate.post,
                    _("You had already posted this question; here it is."),
                )
            except safety.RateLimited as limited:
                form.add_error(None, _rate_limited_error(limited.until))
                status = 429
            except (safety.EmergencyNotAcknowledged, safety.PersonalDataNotAcknowledged):
                pass
            else:
                request.session.pop(ASK_DRAFT_SESSION_KEY, None)
                if topic.is_published:
                    messages.success(request, _("Your question is published."))
                else:
                    messages.info(
                        request,
                        _(
                            "Thank you. Your question will appear on the forum once a "
                            "moderator has reviewed it. Only you can see it until then."
                        ),
                    )
                return redirect(topic)
    else:
        session_draft = request.session.get(ASK_DRAFT_SESSION_KEY)
        saved = None if session_draft else drafts.get_draft(author=request.user)
        if saved is not None:
            if article is None and not article_slug:
                article = saved.article
            context["draft_saved_at"] = _clock(saved.updated_at)
        form = AskForm(initial=session_draft or drafts.ask_initial(saved))
        context["has_draft"] = bool(session_draft or saved)

    context.update(
        {
            "form": form,
            "article": article,
            "unknown_article": unknown_article,
            "restriction": restriction,
            "form_action": _ask_url(article),
            "may_keep_drafts": _may_keep_drafts(request.user),
        }
    )
    return render(request, "forum/ask.html", context, status=status)


def _draft_fields(form):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "category": data["category"],
        "article": data["article"],
    }


@require_POST
def preview(request):
    """The text of the ask or reply form rendered as it will be published."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form)}, status=400)
    return JsonResponse({"html": render_markdown(form.cleaned_data["text"])})


@require_POST
def draft_save(request):
    """Keep what a member is typing, for the ask form or a question's reply form."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to keep drafts.")}, status=403)
    if posting_restriction(request.user) is not None:
        return JsonResponse({"error": _("Your account can't post for now.")}, status=403)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form)}, status=400)
    topic = None
    if form.cleaned_data["topic"] is not None:
        topic = get_object_or_404(
            Topic.objects.visible_to(request.user), pk=form.cleaned_data["topic"]
        )
        if topic.is_locked:
            message = _("This question is locked: no new replies.")
            return JsonResponse({"error": message}, status=403)
    fields = _draft_fields(form)
    now = timezone.now()
    # A save still on its way when the text was posted must not bring the draft back.
    if safety.recent_duplicate(
        author=request.user,
        topic=topic,
        title=" ".join(fields["title"].split()),
        body=fields["body"].strip(),
        now=now,
    ):
        return JsonResponse({"saved": False, "message": ""})
    draft = drafts.save_draft(author=request.user, topic=topic, **fields)
    if draft is None:
        return JsonResponse({"saved": False, "message": ""})
    saved_at = _clock(draft.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "saved_at": saved_at,
            "message": _("Draft saved at %(time)s") % {"time": saved_at},
        }
    )


@require_POST
def draft_discard(request):
    """Throw away the member's draft of a question or of a reply; works without script."""
    form = DiscardDraftForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("That question could not be found."))
    topic = None
    if form.cleaned_data["topic"] is not None:
        topic = get_object_or_404(
            Topic.objects.visible_to(request.user).select_related("category"),
            pk=form.cleaned_data["topic"],
        )
    back = topic.get_absolute_url() if topic else reverse("forum:ask")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    drafts.discard_draft(author=request.user, topic=topic)
    if topic is None:
        request.session.pop(ASK_DRAFT_SESSION_KEY, None)
    messages.success(request, _("Your draft is discarded."))
    return redirect(f"{back}#reply-title" if topic else back)


@require_GET
def similar(request):
    """Published questions like the title being typed, for the ask form's script."""
    form = SimilarForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form), "questions": []}, status=400)
    return JsonResponse(
        {
            "questions": [
                {"title": topic.title, "url": topic.get_absolute_url()}
                for topic in similar_questions(form.cleaned_data["title"])
            ]
        }
    )
