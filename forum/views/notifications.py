"""A member's notifications, their e-mail setting, and the unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..forms import EmailNotificationsForm, NotificationPageForm
from ..models import CategorySubscription, Topic, TopicSubscription
from ..notifications import inbox, mail
from ..paging import post_url

NOTIFICATIONS_PER_PAGE = 25


def notification_list(request):
    """Newest first, a page at a time by id (?before=<id>, ?after=<id>: keyset
    pagination, as fast at the end of a long list as at its start). Looking does not
    mark anything read: opening one does, and so does "Mark all as read"."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cursors = NotificationPageForm(request.GET).cursors()
    page = inbox.notification_page(request.user, size=NOTIFICATIONS_PER_PAGE, **cursors)
    has_unread = inbox.visible_notifications(request.user).filter(read_at__isnull=True).exists()
    return render(
        request,
        "forum/notification_list.html",
        {"page": page, "has_unread": has_unread, "is_first_page": page.newer_than is None},
    )


# A GET, so that a notification is a plain link (opened in a new tab, from the
# keyboard, without script). It changes one thing only, the read mark of the signed-in
# member's own notification, which another site could at most set early: nothing is
# lost, published or revealed by it.
@require_GET
def open_notification(request, pk):
    """Mark a notification read and go to its post, on the page of its question that
    shows it (found when followed, so that the list costs the same few queries however
    long it is). Another member's, or one whose post is hidden since, is not found."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    notification = get_object_or_404(
        inbox.visible_notifications(request.user).select_related("post__topic__category"),
        pk=pk,
    )
    inbox.mark_read(member=request.user, notification_id=notification.pk)
    return redirect(post_url(request.user, notification.post))


@require_POST
def mark_all_read(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.build_absolute_uri())
    inbox.mark_all_read(member=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("forum:notifications")


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        form = EmailNotificationsForm(request.POST, instance=request.user)
        if form.is_valid():
            inbox.save_notification_settings(member=request.user, **form.cleaned_data)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification-settings")
    else:
        form = EmailNotificationsForm(instance=request.user)
    context = {
        "form": form,
        # A followed question since hidden from the member is not named here.
        "followed_topics": TopicSubscription.objects.filter(
            member=request.user, topic__in=Topic.objects.visible_to(request.user).values("pk")
        )
        .select_related("topic__category")
        .order_by("-created_at", "-pk"),
        "followed_categories": CategorySubscription.objects.filter(member=request.user)
        .select_related("category")
        .order_by("category__position", "category__name"),
    }
    return render(request, "forum/notification_settings.html", context)


# Mail programs POST here without a CSRF token (RFC 8058 one-click unsubscribe); the
# signed token in the URL is what authenticates the request, and all it can do is
# stop notification e-mail to the member it names.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET only shows what will happen (link scanners open links); POST does it."""
    member = mail.member_from_unsubscribe_token(token)
    if member is None:
        return render(request, "forum/unsubscribe.html", {"bad_token": True}, status=400)
    done = False
    if request.method == "POST":
        mail.unsubscribe(member=member)
        done = True
    return render(request, "forum/unsubscribe.html", {"member": member, "done": done})
