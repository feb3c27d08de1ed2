"""Professional applications in the admin: the ones waiting first. Moderators check
the register, then approve (until a date) or decline (with a note), through
moderation.professionals."""

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.models import ProfessionalApplication

from .. import professionals
from ..forms import ApproveApplicationsForm, DeclineApplicationsForm
from .base import EVERYWHERE, ModeratorOnlyMixin, apply_to_each, applying, confirm_page


def _describe(application):
    return (
        f"{application.member.username}: {application.profession} · "
        f"{application.registration_body} · {application.registration_number} · "
        f"{application.country.name}"
    )


def _decide(model_admin, request, queryset, *, action, form, decide, done, **page):
    """Decide on the selected applications still waiting once the form is filled in;
    until then, the page that asks for it."""
    waiting = queryset.filter(status=ProfessionalApplication.Status.PENDING)
    if not waiting.exists():
        model_admin.message_user(
            request,
            _("None of the selected applications is waiting: each was already decided."),
            messages.WARNING,
        )
        return None
    if form.is_valid():
        apply_to_each(model_admin, request, waiting, decide, done=done)
        return None
    selected = list(waiting.select_related("member"))
    return confirm_page(
        model_admin,
        request,
        action=action,
        form=form,
        objects=selected,
        items=[_describe(application) for application in selected],
        **page,
    )


@admin.action(
    description=_("Approve…"),
    description_plural=_("Approve selected applications…"),
    permissions=["decide"],
    location=EVERYWHERE,
)
def approve_selected(model_admin, request, queryset):
    form = ApproveApplicationsForm(
        request.POST if applying(request) else None,
        initial={"valid_until": professionals.default_verification_end()},
    )
    return _decide(
        model_admin,
        request,
        queryset,
        action="approve_selected",
        form=form,
        decide=lambda application: professionals.approve_professional_application(
            moderator=request.user,
            application=application,
            valid_until=form.cleaned_data["valid_until"],
        ),
        done=ngettext_lazy(
            "%(n)d application approved. The member has been told by e-mail.",
            "%(n)d applications approved. Each member has been told by e-mail.",
            "n",
        ),
        title=_("Approve professional applications"),
        intro=_(
            "Check each registration first. Each member is told by e-mail, and their name "
            "carries the badge until the date below."
        ),
        submit_label=_("Approve and notify"),
    )


@admin.action(
    description=_("Decline…"),
    description_plural=_("Decline selected applications…"),
    permissions=["decide"],
    location=EVERYWHERE,
)
def decline_selected(model_admin, request, queryset):
    form = DeclineApplicationsForm(request.POST if applying(request) else None)
    return _decide(
        model_admin,
        request,
        queryset,
        action="decline_selected",
        form=form,
        decide=lambda application: professionals.decline_professional_application(
            moderator=request.user, application=application, note=form.cleaned_data["note"]
        ),
        done=ngettext_lazy(
            "%(n)d application declined. The member has been told why by e-mail.",
            "%(n)d applications declined. Each member has been told why by e-mail.",
            "n",
        ),
        title=_("Decline professional applications"),
        intro=_("Each member is told by e-mail, with your note."),
        submit_label=_("Decline and notify"),
    )


@admin.register(ProfessionalApplication)
class ProfessionalApplicationAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """Members asking to be shown as verified health professionals: the ones waiting
    first, then newest first."""

    left_as_it_was = ngettext_lazy(
        "%(n)d application was left as it was.",
        "%(n)d applications were left as they were.",
        "n",
    )

    list_display = [
        "submitted_at",
        "member_link",
        "profession",
        "registration_body",
        "registration_number",
        "country_display",
        "status",
        "valid_until",
        "decided_by",
    ]
    list_display_links = ["submitted_at"]
    list_filter = ["status"]
    list_select_related = ["member", "decided_by"]
    search_fields = ["member__username", "profession", "registration_number"]
    actions = [approve_selected, decline_selected]
    fields = [
        "member_link",
        "profession",
        "registration_body",
        "registration_number",
        "country_display",
        "submitted_at",
        "status",
        "valid_until",
        "decided_at",
        "decided_by",
        "decision_note",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        pending = ProfessionalApplication.Status.PENDING
        # Not super(): it orders by get_ordering() before the annotation exists.
        return self.model._default_manager.select_related("member").annotate(
            waiting=Case(
                When(status=pending, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )

    def get_ordering(self, request):
        # Waiting ones first (an annotation, so not in `ordering`), then newest first.
        return ["waiting", "-submitted_at", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return self.has_module_permission(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {"title": _("Professional application"), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("member"), ordering="member__username")
    def member_link(self, application):
        url = reverse("admin:accounts_member_change", args=[application.member_id])
        return format_html('<a href="{}">{}</a>', url, application.member.username)

    @admin.display(description=_("country"), ordering="country")
    def country_display(self, application):
        return f"{application.country.name} ({application.country.code})"
