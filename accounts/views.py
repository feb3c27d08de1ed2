from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
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
