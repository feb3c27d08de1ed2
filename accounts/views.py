from allauth.mfa.totp import views as allauth_totp
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import authenticator_setup, services
from .forms import ProfessionalApplicationForm, ProfileForm
from .models import ProfessionalApplication


@require_http_methods(["GET", "POST"])
def professional_application(request):
    """A member's application to be shown as a verified health professional: where it
    stands, and the form to apply, to apply again or to renew."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    member = request.user
    latest = member.professional_applications.first()
    pending = latest if latest and latest.status == ProfessionalApplication.Status.PENDING else None
    may_apply = services.may_apply_as_professional(member)
    form = None
    status = 200
    if may_apply and pending is None:
        form = ProfessionalApplicationForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                services.submit_professional_application(member=member, **form.cleaned_data)
            except services.ApplicationPending:
                form.add_error(
                    None,
                    _("Your earlier application is still waiting for a moderator."),
                )
            else:
                messages.success(
                    request,
                    _("Thank you. A moderator will check your registration and e-mail you."),
                )
                return redirect("professional-application")
    elif request.method == "POST":
        # Sent from a page that was out of date: say why nothing was sent.
        status = 403 if not may_apply else 409
    context = {
        "member": member,
        "latest": latest,
        "pending": pending,
        "may_apply": may_apply,
        "restriction": member.posting_restriction(),
        "form": form,
    }
    return render(request, "accounts/professional_application.html", context, status=status)


@require_http_methods(["GET", "POST"])
def profile_settings(request):
    """The member's public profile: their bio and avatar."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    member = request.user
    if request.method == "POST":
        form = ProfileForm.for_member(member, request.POST, request.FILES)
        if form.is_valid():
            services.update_profile(
                member=member,
                bio=form.cleaned_data["bio"],
                avatar=form.cleaned_data["avatar"],
                remove_avatar=form.cleaned_data.get("remove_avatar", False),
            )
            messages.success(request, _("Your profile is saved."))
            return redirect("profile-settings")
    else:
        form = ProfileForm.for_member(member)
    status = 400 if form.is_bound else 200
    return render(
        request, "accounts/profile_settings.html", {"form": form, "member": member}, status=status
    )


def authenticator_setup_link(request, token):
    """A staff member's one-time link to set up their authenticator app: shown with a
    button (so that a link preview cannot use it up), used when pressed."""
    if not request.user.is_authenticated:
        # Signing in here is what lets a staff member without an authenticator app in.
        if authenticator_setup.present_link(session=request.session, token=token):
            return redirect_to_login(request.get_full_path())
        usable = False
    elif request.method == "POST":
        if authenticator_setup.redeem_setup_link(request=request, token=token):
            return redirect("mfa_activate_totp")
        usable = False
    else:
        link = authenticator_setup.find_usable_link(user=request.user, token=token)
        usable = link is not None
    return render(
        request,
        "accounts/authenticator_setup_link.html",
        {"usable": usable},
        status=200 if usable else 404,
    )


def activate_totp(request, *args, **kwargs):
    """allauth's authenticator-app setup, which staff reach only through a setup link
    (accounts.authenticator_setup)."""
    if not authenticator_setup.may_set_up_authenticator(request):
        return render(request, "accounts/authenticator_setup_needs_link.html", status=403)
    return allauth_totp.activate_totp(request, *args, **kwargs)
