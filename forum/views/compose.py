"""
Writing: the ask and reply forms (with Preview, drafts and the safety notices), the
live preview, drafts saved as members type, and similar questions while asking.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from markup.render import render_markdown

from .. import asking, drafts, quoting, safety, visitor_draft
from ..errors import Refused
from ..forms import (
    BODY_MAX_LENGTH,
    AskForm,
    ComposeActionForm,
    DiscardDraftForm,
    DraftForm,
    PreviewForm,
    QuoteForm,
    ReplyForm,
    SimilarForm,
)
from ..models import Post, Topic
from ..paging import post_url
from ..queries import get_topic_for_page, get_visible_post, get_visible_topic
from ..requests import checks_own_input
from ..review_wait import review_wait_text
from ..similar import similar_questions
from ..standing import restriction
from .browse import topic_page_context

# What an anonymous visitor typed into the ask form, kept while they sign in or sign up
# (forum.visitor_draft).
ASK_DRAFT_SESSION_KEY = visitor_draft.SESSION_KEY


def _clock(when):
    """A time of day as members read it: 14:05, in the site's time zone."""
    return dateformat.format(timezone.localtime(when), "H:i")


def _first_error(form):
    return next(iter(form.errors.values()))[0]


def _may_keep_drafts(user):
    return user.is_authenticated and restriction(user) is None


class Submit:
    """
    One submit of the ask or reply form, whichever button was pressed: what the typed
    text sets off (the emergency and personal-data notices), Preview (the text as it
    will be published, the draft kept, the form shown again as typed), or Post
    (through forum.asking, its refusals said in the form). `context` and `status` are
    what the page is shown with when it is shown again.
    """

    def __init__(self, request, *, text):
        self.request = request
        self.chosen = ComposeActionForm(request.POST)
        self.action = self.chosen.chosen()
        self.status = 200
        self.context = {
            "emergency": safety.mentions_emergency(text),
            "personal_data": safety.personal_data_in(text),
        }

    def preview(self, body, *, keep_draft=None):
        """Render `body` as it will be published and, with `keep_draft`, save the
        draft (keep_draft() saves it, and says False when it could not)."""
        if not PreviewForm({"text": body}).is_valid():
            return
        self.context["preview_html"] = render_markdown(body)
        if keep_draft is not None and keep_draft() is not False:
            self.context["draft_saved_at"] = _clock(timezone.now())

    def post(self, form, write, *, published, pending, duplicate, url=None):
        """
        Post through `write(acknowledged=…)`, which returns the post written. Returns
        the redirect to it (`url(post)`, by default the page that shows it; the post
        already made, for a double submit, said with `duplicate`), or None when the
        page is to be shown again: the hourly limit is said in the form (429), and an
        unacknowledged notice is shown above it.
        """
        acknowledged = self.chosen.is_valid() and self.chosen.cleaned_data["acknowledged"]
        try:
            post = write(acknowledged=acknowledged)
        except safety.DuplicateSubmission as refusal:
            messages.info(self.request, duplicate)
            return redirect(post_url(self.request.user, refusal.post))
        except safety.RateLimited as limited:
            form.add_error(
                None,
                ValidationError(
                    _(
                        "You have posted as often as the forum allows in an hour. "
                        "You can post again at %(time)s. What you wrote is kept below."
                    ),
                    code="rate_limited",
                    params={"time": _clock(limited.until)},
                ),
            )
            self.status = 429
            return None
        except (safety.EmergencyNotAcknowledged, safety.PersonalDataNotAcknowledged):
            return None
        if post.state == Post.State.APPROVED:
            messages.success(self.request, published)
        else:
            messages.info(self.request, pending)
        return redirect(url(post) if url else post_url(self.request.user, post))


def _may_reply(user, topic):
    try:
        asking.check_may_reply(topic)
    except Refused:
        return False
    return restriction(user) is None


def _reply_with_quote(request, topic):
    """The question's page with a quote of one of its posts in the reply box: where
    the Quote link leads without script. A quote of a post the member may not see, or
    of another question's, is ignored."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    initial = drafts.reply_initial(request.user, topic)
    quoted = quoting.quotable_post(request.user, topic, QuoteForm(request.GET).post_id())
    if quoted is not None and _may_reply(request.user, topic):
        initial = {"body": quoting.with_quote(initial.get("body", ""), quoted)}
    else:
        quoted = None
    form = ReplyForm(initial=initial, author=request.user)
    context = {**topic_page_context(request, topic, form), "quoted": quoted}
    return render(request, "forum/topic_detail.html", context)


@require_http_methods(["GET", "POST"])
def reply(request, category_slug, pk, slug):
    topic = get_topic_for_page(request.user, pk)
    if request.method == "GET":
        return _reply_with_quote(request, topic)
    if not request.user.is_authenticated:
        # A visitor, or a member whose session ended while they wrote: what they typed
        # waits in the reply box for them after signing in (forum.visitor_draft).
        body = request.POST.get("body", "")
        if body.strip():
            visitor_draft.keep(
                request.session,
                {"body": body[:BODY_MAX_LENGTH]},
                path=topic.get_absolute_url(),
            )
            messages.info(
                request,
                _("Please sign in again to post your reply. We have kept what you wrote."),
            )
        return redirect_to_login(topic.get_absolute_url())
    form = ReplyForm(request.POST, author=request.user)
    submit = Submit(request, text=request.POST.get("body", ""))
    if not _may_reply(request.user, topic):
        # Why is said on the page (locked, suspended), with what was typed kept.
        submit.status = 403
    elif submit.action == "preview":
        body = form.draft()["body"]
        submit.preview(
            body, keep_draft=lambda: drafts.save_draft(author=request.user, topic=topic, body=body)
        )
        # Shown again as typed, without error messages for a text still being written.
        form = ReplyForm(initial=form.draft(), author=request.user)
    elif form.is_valid():
        done = submit.post(
            form,
            lambda acknowledged: asking.reply(
                author=request.user,
                topic=topic,
                body=form.cleaned_data["body"],
                acknowledged=acknowledged,
            ),
            published=_("Your reply is published."),
            pending=_(
                "Thank you. Your reply will appear once a moderator has reviewed it. "
                "Moderators usually decide %(wait)s; we will tell you when it is published."
            )
            % {"wait": review_wait_text()},
            duplicate=_("You had already posted this reply; here it is."),
            # Its page is worked out when the redirect is followed (posts.go_to_post).
            url=lambda post: reverse("forum:post", args=[post.pk]),
        )
        if done is not None:
            return done
    context = {**topic_page_context(request, topic, form), **submit.context}
    return render(request, "forum/topic_detail.html", context, status=submit.status)


def _ask_url(article):
    url = reverse("forum:ask")
    return f"{url}?{urlencode({'article': article.slug})}" if article else url


def _keep_ask_draft(user, typed, article):
    """Save the ask form's text as the member's question draft; False if it is not
    one the draft form takes (too long, an unknown category)."""
    saved = DraftForm({**typed, "article": article.slug if article else ""})
    if not saved.is_valid():
        return False
    drafts.save_draft(author=user, **_draft_fields(saved))
    return True


def ask(request):
    article_slug = request.GET.get("article", "").strip()
    article = Article.objects.filter(slug=article_slug).first() if article_slug else None
    unknown = article_slug if article_slug and article is None else ""
    if request.method == "POST":
        return _ask_submitted(request, article=article, unknown_article=unknown)
    # What the visitor started, kept in the session across their signing in; or the
    # member's own draft.
    session_draft = visitor_draft.restore(request.session, request.user)
    saved = None if session_draft else drafts.get_draft(author=request.user)
    context = {"has_draft": bool(session_draft or saved)}
    if saved is not None:
        article = article or (None if article_slug else saved.article)
        context["draft_saved_at"] = _clock(saved.updated_at)
    form = AskForm(initial=session_draft or drafts.ask_initial(saved))
    return _ask_page(request, form, article=article, unknown_article=unknown, **context)


def _ask_page(request, form, *, article, unknown_article, status=200, **context):
    context.update(
        form=form,
        article=article,
        unknown_article=unknown_article,
        restriction=restriction(request.user),
        form_action=_ask_url(article),
        may_keep_drafts=_may_keep_drafts(request.user),
    )
    return render(request, "forum/ask.html", context, status=status)


def _ask_submitted(request, *, article, unknown_article):
    """Preview, Check for similar questions, or Post; a visitor who is not signed in
    is sent to sign in with what they typed kept in the session."""
    user = request.user
    form = AskForm(request.POST, author=user)
    typed = form.draft()
    submit = Submit(request, text=f"{typed['title']}\n{typed['body']}")
    page = {"article": article, "unknown_article": unknown_article}
    if submit.action in ("preview", "check"):
        keep = (lambda: _keep_ask_draft(user, typed, article)) if _may_keep_drafts(user) else None
        if submit.action == "preview":
            submit.preview(typed["body"], keep_draft=keep)
        else:
            submit.context.update(similar=similar_questions(typed["title"]), similar_checked=True)
            if keep is not None and keep():
                submit.context["draft_saved_at"] = _clock(timezone.now())
        # Shown again as typed, without error messages for a text still being written.
        form = AskForm(initial=typed)
    elif not form.is_valid() or unknown_article:
        pass
    elif not user.is_authenticated:
        # A new visitor is the likelier one here: the way to create an account comes
        # first, and its page offers signing in beside it.
        visitor_draft.keep(request.session, typed)
        messages.info(
            request,
            _(
                "Create an account, or sign in if you have one, to post your question. "
                "We have kept what you wrote."
            ),
        )
        return redirect(f"{reverse('account_signup')}?{urlencode({'next': _ask_url(article)})}")
    elif restriction(user) is not None:
        submit.status = 403
    else:
        done = submit.post(
            form,
            lambda acknowledged: (
                asking.ask_question(
                    author=user,
                    category=form.cleaned_data["category"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    article=article,
                    anonymous=form.cleaned_data["anonymous"],
                    acknowledged=acknowledged,
                ).opening_post
            ),
            published=_("Your question is published."),
            pending=_(
                "Thank you. Your question will appear on the forum once a "
                "moderator has reviewed it. Only you can see it until then. Moderators "
                "usually decide %(wait)s; we will tell you when it is published."
            )
            % {"wait": review_wait_text()},
            duplicate=_("You had already posted this question; here it is."),
            url=lambda post: post.topic.get_absolute_url(),
        )
        if done is not None:
            visitor_draft.discard(request.session)
            return done
    return _ask_page(request, form, status=submit.status, **page, **submit.context)


def _draft_fields(form):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "category": data["category"],
        "article": data["article"],
    }


@require_POST
@checks_own_input
def preview(request):
    """The text of the ask or reply form rendered as it will be published."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form)}, status=400)
    return JsonResponse({"html": render_markdown(form.cleaned_data["text"])})


@require_POST
@checks_own_input
def draft_save(request):
    """Keep what a member is typing, for the ask form or a question's reply form."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to keep drafts.")}, status=403)
    if restriction(request.user) is not None:
        return JsonResponse({"error": _("Your account can't post for now.")}, status=403)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form)}, status=400)
    topic = None
    if form.cleaned_data["topic"] is not None:
        topic = get_visible_topic(request.user, form.cleaned_data["topic"])
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
        topic = get_visible_topic(
            request.user, form.cleaned_data["topic"], Topic.objects.select_related("category")
        )
    back = topic.get_absolute_url() if topic else reverse("forum:ask")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    drafts.discard_draft(author=request.user, topic=topic)
    if topic is None:
        visitor_draft.discard(request.session)
    messages.success(request, _("Your draft is discarded."))
    return redirect(f"{back}#reply-title" if topic else back)


@require_GET
@checks_own_input
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


@require_GET
def quote(request, pk):
    """The Markdown quoting a published post, for the Quote link's script to put into
    the reply box on the page."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to reply.")}, status=403)
    post = get_visible_post(request.user, pk)
    if post.state != Post.State.APPROVED:
        return JsonResponse({"error": _("Only published posts can be quoted.")}, status=404)
    return JsonResponse({"text": quoting.quote_markdown(post)})
