"""
Askwell's admin site: the moderators' console.

- Signing in is allauth's sign-in (password, then the authenticator code), never the
  admin's own form, so the second factor is always asked.
- Staff (moderators and administrators) without an authenticator app are sent to set
  one up before any admin page opens, which they can do only with a one-time link from
  an administrator (accounts.authenticator_setup): a password alone never opens it.
- The index shows moderators what is waiting for them.
"""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.requests import local_path
from moderation.metrics import moderation_metrics


def needs_second_factor(user):
    """Staff must have an authenticator app before they use the admin."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
    )


@secure_admin_login
def _signed_in_staff(request):
    """Reached only by signed-in, active staff (allauth's decorator sends others to
    its sign-in page, or refuses them): on to where they were going."""
    return HttpResponseRedirect(
        local_path(request, request.GET.get("next", ""), reverse("admin:index"))
    )


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
                        "console, with the one-time setup link an administrator gives you. "
                        "Keep the recovery codes you are shown next somewhere safe."
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
