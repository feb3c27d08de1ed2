from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article

from .. import services
from ..forms import AskForm, ReplyForm
from ..models import Post
from .browse import _get_visible_topic, _topic_page_context, post_url, posting_restriction

# What an anonymous visitor typed into the ask form, kept while they sign in or sign up.
ASK_DRAFT_SESSION_KEY = "forum_ask_draft"


@require_POST
def reply(request, category_slug, pk, slug):
    topic = _get_visible_topic(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(topic.get_absolute_url())
    form = ReplyForm(request.POST)
    restriction = posting_restriction(request.user)
    if restriction is None and topic.is_published and form.is_valid():
        post = services.reply_to_topic(
            author=request.user, topic=topic, body=form.cleaned_data["body"]
        )
        if post.state == Post.State.APPROVED:
            messages.success(request, _("Your reply is published."))
        else:
            messages.info(
                request,
                _("Thank you. Your reply will appear once a moderator has reviewed it."),
            )
        return redirect(post_url(request.user, post))
    status = 200 if restriction is None and topic.is_published else 403
    context = _topic_page_context(request, topic, form)
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

    if request.method == "POST":
        form = AskForm(request.POST)
        if not form.is_valid() or unknown_article:
            pass
        elif not request.user.is_authenticated:
            request.session[ASK_DRAFT_SESSION_KEY] = form.draft()
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
            topic = services.ask_question(
                author=request.user,
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                article=article,
            )
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
        draft = request.session.get(ASK_DRAFT_SESSION_KEY)
        form = AskForm(initial=draft or {})

    context = {
        "form": form,
        "article": article,
        "unknown_article": unknown_article,
        "restriction": restriction,
        "form_action": _ask_url(article),
        "has_draft": request.method == "GET" and bool(request.session.get(ASK_DRAFT_SESSION_KEY)),
    }
    return render(request, "forum/ask.html", context, status=status)
