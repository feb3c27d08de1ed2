"""
Askwell's admin site: the moderators' console.

- Signing in is allauth's sign-in (password, then the authenticator code), never the
  admin's own form, so the second factor is always asked.
- Staff (moderators and administrators) without an authenticator app are sent to set
  one up before any admin page opens.
- The index shows moderators what is waiting for them.
"""

import datetime
from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from forum.models import Flag, ModerationEvent, Post


def needs_second_factor(user):
    """Staff must have an authenticator app before they use the admin."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
    )


def moderation_metrics(now=None):
    """What the admin index shows moderators, in a fixed number of queries: how many
    posts wait for a decision and since when, the open flags, and the decisions
    moderators made in the last seven days."""
    now = now or timezone.now()
    first_open_flag = (
        Flag.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    # A post waits from its first open flag if it has one, from when it was written
    # otherwise (as the queue counts it).
    waiting = (
        Post.objects.needs_decision()
        .annotate(waiting_since=Coalesce(Subquery(first_open_flag), "created_at"))
        .aggregate(count=Count("pk"), oldest=Min("waiting_since"))
    )
    oldest = waiting["oldest"]
    return {
        "waiting": waiting["count"],
        "oldest_age": timesince(oldest, now, depth=2) if oldest else None,
        "oldest_since": oldest,
        "open_flags": Flag.objects.filter(resolved_at__isnull=True).count(),
        "recent_decisions": ModerationEvent.objects.filter(
            moderator__isnull=False, created_at__gte=now - datetime.timedelta(days=7)
        ).count(),
    }


@secure_admin_login
def _signed_in_staff(request):
    """Reached only by signed-in, active staff (allauth's decorator sends others to
    its sign-in page, or refuses them): on to where they were going."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    return redirect(next_url)


class AskwellAdminSite(admin.AdminSite):
    site_header = _("Askwell moderation")
    site_title = _("Askwell admin")
    index_title = _("Moderation and content")

    def login(self, request, extra_context=None):
        # allauth's sign-in asks for the authenticator code; the admin's own form would
        # not, so it is never shown.
        return _signed_in_staff(request)

    def password_change(self, request, extra_context=None):
        # allauth's page asks for the current password and tells the member by e-mail.
        return redirect("account_change_password")

    def password_change_done(self, request, extra_context=None):
        return redirect("account_change_password")

    def admin_view(self, view, cacheable=False):
        if view == self.logout:
            return super().admin_view(view, cacheable)

        @wraps(view)
        def second_factor_first(request, *args, **kwargs):
            if needs_second_factor(request.user):
                messages.warning(
                    request,
                    _(
                        "Set up two-factor authentication before you use the moderation "
                        "console: scan the QR code with an authenticator app, then enter "
                        "the code it shows. Keep the recovery codes you are given next "
                        "somewhere safe."
                    ),
                )
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        # The admin's own check comes first: visitors who are not staff are sent to
        # sign in (or refused), never to the authenticator setup.
        return super().admin_view(second_factor_first, cacheable)

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if request.user.is_moderator():
            extra_context["moderation_metrics"] = moderation_metrics()
        return super().index(request, extra_context)
