from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article

from . import services
from .forms import AskForm, ReplyForm
from .models import Category, Post, Topic

# What an anonymous visitor typed into the ask form, kept while they sign in or sign up.
ASK_DRAFT_SESSION_KEY = "forum_ask_draft"


def category_list(request):
    categories = Category.objects.all()
    return render(request, "forum/category_list.html", {"categories": categories})


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    topics = Topic.objects.visible_to(request.user).filter(category=category).for_listing()
    page = Paginator(topics, settings.ASKWELL_TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forum/category_detail.html", {"category": category, "page": page})


def _topic_page_context(request, topic, reply_form):
    replies = (
        Post.objects.visible_to(request.user)
        .filter(topic=topic)
        .exclude(pk=topic.opening_post_id)
        .select_related("author")
    )
    page = Paginator(replies, settings.ASKWELL_POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "topic": topic,
        "category": topic.category,
        "opening_post": topic.opening_post,
        "page": page,
        "reply_form": reply_form,
        "restriction": _posting_restriction(request.user),
    }


def _get_visible_topic(request, pk):
    topics = Topic.objects.visible_to(request.user).select_related(
        "category", "article", "opening_post__author"
    )
    return get_object_or_404(topics, pk=pk)


def topic_detail(request, category_slug, pk, slug):
    topic = _get_visible_topic(request, pk)
    if (category_slug, slug) != (topic.category.slug, topic.slug):
        url = topic.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return HttpResponseRedirect(url, status=301)
    return render(
        request, "forum/topic_detail.html", _topic_page_context(request, topic, ReplyForm())
    )


@require_POST
def reply(request, category_slug, pk, slug):
    topic = _get_visible_topic(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(topic.get_absolute_url())
    form = ReplyForm(request.POST)
    restriction = _posting_restriction(request.user)
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
        return redirect(_post_url(request.user, post))
    status = 200 if restriction is None and topic.is_published else 403
    context = _topic_page_context(request, topic, form)
    return render(request, "forum/topic_detail.html", context, status=status)


def _post_url(user, post):
    """The URL of the page of the question that shows `post` to `user`."""
    earlier = (
        Post.objects.visible_to(user)
        .filter(topic=post.topic)
        .exclude(pk=post.topic.opening_post_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    page = earlier // settings.ASKWELL_POSTS_PER_PAGE + 1
    url = post.topic.get_absolute_url()
    if page > 1:
        url += "?" + urlencode({"page": page})
    return f"{url}#post-{post.pk}"


def _posting_restriction(user):
    if not user.is_authenticated:
        return None
    return user.posting_restriction()


def _ask_url(article):
    url = reverse("forum:ask")
    return f"{url}?{urlencode({'article': article.slug})}" if article else url


def ask(request):
    article_slug = request.GET.get("article", "").strip()
    article = Article.objects.filter(slug=article_slug).first() if article_slug else None
    unknown_article = article_slug if article_slug and article is None else ""
    restriction = _posting_restriction(request.user)
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
