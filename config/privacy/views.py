"""
A member's data pages in their settings: the export (ask for it, download it when
ready) and the deletion of their account (explained, then confirmed). Members may use
both whatever their standing, suspended or not; nobody sees another member's.
"""

import time

from allauth.account import app_settings as allauth_account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import DeletionForm
from accounts.models import DataExport

from . import services


@require_GET
def data_export(request):
    """The member's exports: the latest, its state, and the button to ask for one."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    latest = DataExport.objects.filter(member=request.user).first()
    return render(
        request,
        "privacy/data_export.html",
        {"latest": latest, "hours": settings.ASKWELL_EXPORT_HOURS},
    )


@require_POST
def request_export(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("privacy-export"))
    export = services.request_export(member=request.user)
    if export.status == DataExport.Status.PENDING:
        messages.info(
            request,
            _("We are preparing your data. Come back to this page in a few minutes."),
        )
    return redirect("privacy-export")


@require_GET
def download_export(request, pk):
    """The export's file, to the member it belongs to, while it has not expired."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("privacy-export"))
    export = get_object_or_404(DataExport, pk=pk, member=request.user)
    if not export.is_downloadable():
        raise Http404
    name = f"askwell-data-{export.ready_at:%Y-%m-%d}.zip"
    response = FileResponse(export.open(), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


def _has_second_factor(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _second_factor_is_fresh(request):
    """Whether the member re-authenticated with their second factor a moment ago."""
    timeout = allauth_account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") == "mfa"
        and record.get("reauthenticated")
        and time.time() - record.get("at", 0) < timeout
        for record in get_authentication_records(request, request.user)
    )


@require_http_methods(["GET", "POST"])
def delete_account(request):
    """
    What deleting the account does, the choice of what becomes of one's posts, and
    the password to confirm it; a member with two-factor authentication first
    confirms with their authenticator app (allauth's re-authentication). Then the
    member is signed out everywhere, and the account is deleted after the grace
    period unless they sign in again.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    member = request.user
    if _has_second_factor(member) and not _second_factor_is_fresh(request):
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.path})}")
    form = DeletionForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        due = services.request_deletion(
            member=member, mode=form.cleaned_data["mode"]
        ).deletion_due_at
        logout(request)
        messages.info(
            request,
            _(
                "You are signed out. Your account will be deleted on %(date)s; sign in "
                "before then if you change your mind."
            )
            % {"date": formats.date_format(due, "j F Y")},
        )
        return redirect("home")
    return render(
        request,
        "privacy/delete_account.html",
        {"form": form, "grace_days": settings.ASKWELL_DELETION_GRACE_DAYS},
        status=400 if form.is_bound else 200,
    )
