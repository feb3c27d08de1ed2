"""
Accounts in the admin. Administrators (superusers) manage full accounts in UserAdmin.
Moderators work with a member's standing (MemberAdmin: suspensions, review policy,
their posts and flags, notes) and with professional applications; every change they
make goes through accounts.services and is recorded in the moderation log.
"""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forum.admin.base import ModeratorOnlyMixin, ModeratorReadOnlyInline
from forum.models import Flag, Post

from . import services
from .countries import country_name
from .models import Member, MemberNote, ProfessionalApplication, User

STANDING_FIELDS = [
    "review_policy",
    "is_suspended",
    "suspended_until",
    "suspension_reason",
    "professional_title",
    "professional_until",
]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Full accounts, for administrators only. A member's standing is changed in Member
    standing, through the services that record each change in the moderation log."""

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Private"), {"fields": ["email"]}),
        (_("Standing"), {"fields": STANDING_FIELDS}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = STANDING_FIELDS
    list_display = ["username", "email", "is_staff", "is_suspended", "review_policy", "date_joined"]
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        "is_suspended",
        "review_policy",
        "groups",
    ]
    search_fields = ["username", "email"]

    def _is_administrator(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_add_permission(self, request):
        return self._is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_administrator(request)


# Member standing -----------------------------------------------------------------------


class SuspendForm(forms.Form):
    """How long a suspension lasts, and the reason the member is shown."""

    ONE_DAY, SEVEN_DAYS, THIRTY_DAYS, UNTIL_DATE, INDEFINITELY = (
        "1",
        "7",
        "30",
        "date",
        "indefinitely",
    )

    duration = forms.ChoiceField(
        label=_("For how long"),
        choices=[
            (ONE_DAY, _("1 day")),
            (SEVEN_DAYS, _("7 days")),
            (THIRTY_DAYS, _("30 days")),
            (UNTIL_DATE, _("Until a date")),
            (INDEFINITELY, _("Indefinitely: until a moderator lifts it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the suspension lasts.")},
    )
    until_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("With “Until a date”: the member may post again from the start of that day."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the member whenever they try to post."),
        error_messages={"required": _("Give the member a reason; they are shown it.")},
    )

    def clean(self):
        cleaned = super().clean()
        duration = cleaned.get("duration")
        now = timezone.now()
        if duration in (self.ONE_DAY, self.SEVEN_DAYS, self.THIRTY_DAYS):
            cleaned["until"] = now + timedelta(days=int(duration))
        elif duration == self.INDEFINITELY:
            cleaned["until"] = None
        elif duration == self.UNTIL_DATE:
            day = cleaned.get("until_date")
            if day is None:
                if not self.has_error("until_date"):
                    self.add_error(
                        "until_date",
                        forms.ValidationError(
                            _("Give the date the suspension ends."), code="date_required"
                        ),
                    )
            elif day <= timezone.localdate():
                self.add_error(
                    "until_date",
                    forms.ValidationError(_("Give a date after today."), code="date_not_in_future"),
                )
            else:
                cleaned["until"] = timezone.make_aware(datetime.combine(day, time.min))
        return cleaned


class SuspendedFilter(admin.SimpleListFilter):
    title = _("suspension")
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", _("Suspended now")), ("no", _("Not suspended"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        current = Q(is_suspended=True) & (
            Q(suspended_until__isnull=True) | Q(suspended_until__gt=now)
        )
        if self.value() == "yes":
            return queryset.filter(current)
        if self.value() == "no":
            return queryset.exclude(current)
        return queryset


class ProfessionalFilter(admin.SimpleListFilter):
    title = _("verified professional")
    parameter_name = "professional"

    def lookups(self, request, model_admin):
        return [("yes", _("Verified now")), ("lapsed", _("Lapsed"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.exclude(professional_title="").filter(professional_until__gte=today)
        if self.value() == "lapsed":
            return queryset.exclude(professional_title="").filter(professional_until__lt=today)
        return queryset


class MemberNoteInline(ModeratorReadOnlyInline):
    """Notes moderators have kept on the member, newest first. Never changed."""

    model = MemberNote
    fk_name = "member"
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    verbose_name = _("moderators' note")
    verbose_name_plural = _("moderators' notes (only moderators ever see them)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class AddMemberNoteForm(forms.ModelForm):
    class Meta:
        model = MemberNote
        fields = ["text"]
        labels = {"text": _("New note")}
        help_texts = {
            "text": _("Only moderators see it. It is signed with your name and cannot be changed.")
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AddMemberNoteInline(admin.StackedInline):
    """One empty note to add, saved through accounts.services.add_member_note."""

    model = MemberNote
    form = AddMemberNoteForm
    fk_name = "member"
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = _("new note")
    verbose_name_plural = _("add a note")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_view_permission(self, request, obj=None):
        return ModeratorOnlyMixin.has_module_permission(self, request)

    def has_add_permission(self, request, obj=None):
        return ModeratorOnlyMixin.has_module_permission(self, request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Actions run on the members or applications selected in a list, or on the one whose
# page is open.
EVERYWHERE = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


def _action_field(request):
    """The name the chosen action came under: the change form prefixes its own."""
    on_page = f"{admin.ActionLocation.CHANGE_FORM.value}-action"
    return on_page if on_page in request.POST else "action"


ON_THEIR_POSTS = "post__author__id__exact"


def _flag_admin_allows(lookup, value):
    """Whether the flags' list accepts a filter that is not among its own filters."""
    flag_admin = admin.site._registry.get(Flag)
    return flag_admin is not None and flag_admin.lookup_allowed(lookup, str(value), None)


def _admin_list_url(name, **params):
    return reverse(f"admin:{name}_changelist") + "?" + urlencode(params)


def _count(message, n):
    """A message from ngettext with its number filled in."""
    return message % {"n": n}


def describe_standing(member):
    """ "Suspended until 3 December 2026, 14:00 · Always review", in words."""
    if member.is_currently_suspended():
        if member.suspended_until:
            suspension = _("Suspended until %(until)s") % {
                "until": date_format(
                    timezone.localtime(member.suspended_until), "j F Y, H:i", use_l10n=True
                )
            }
        else:
            suspension = _("Suspended indefinitely")
    else:
        suspension = _("Not suspended")
    return f"{suspension} · {member.get_review_policy_display()}"


def describe_professional(member):
    if not member.professional_title or not member.professional_until:
        return "—"
    until = date_format(member.professional_until, "j F Y")
    if member.is_verified_professional:
        return _("Verified %(profession)s until %(until)s") % {
            "profession": member.professional_title,
            "until": until,
        }
    return _("%(profession)s: lapsed after %(until)s") % {
        "profession": member.professional_title,
        "until": until,
    }


@admin.register(Member)
class MemberAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """
    What moderators may see and change of a member: the pseudonym and standing, their
    posts and flags, and notes; never the e-mail address, the password or
    permissions. Changes are actions (on one member from their page, or on several
    from the list) that go through accounts.services.
    """

    list_display = ["username", "date_joined", "standing", "professional", "approved_posts"]
    list_filter = [SuspendedFilter, "review_policy", ProfessionalFilter]
    search_fields = ["username"]
    actions = [
        "suspend_selected",
        "lift_suspension_selected",
        "review_always_selected",
        "review_standard_selected",
    ]
    fieldsets = [
        (None, {"fields": ["username", "date_joined", "last_login"]}),
        (_("Standing"), {"fields": ["standing", "suspension_reason", "professional"]}),
        (_("What they wrote"), {"fields": ["post_counts", "posts_link"]}),
        (_("Flags"), {"fields": ["flag_counts", "flags_links"]}),
    ]
    readonly_fields = [
        "username",
        "date_joined",
        "last_login",
        "standing",
        "suspension_reason",
        "professional",
        "post_counts",
        "posts_link",
        "flag_counts",
        "flags_links",
    ]
    inlines = [AddMemberNoteInline, MemberNoteInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(is_staff=False, is_superuser=False)
            .annotate(
                approved_post_count=Count("posts", filter=Q(posts__state=Post.State.APPROVED))
            )
        )

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Every field is read-only: whatever else is sent is ignored.
        kwargs["fields"] = []
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        """The member's own fields are never saved from this page: only notes are."""

    def save_formset(self, request, form, formset, change):
        notes = []
        if formset.model is MemberNote:
            for note_form in formset.forms:
                if note_form.has_changed() and note_form.cleaned_data.get("text", "").strip():
                    notes.append(
                        services.add_member_note(
                            moderator=request.user,
                            member=form.instance,
                            text=note_form.cleaned_data["text"],
                        )
                    )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = notes, [], []
        request.member_notes_added = getattr(request, "member_notes_added", 0) + len(notes)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "show_save_and_add_another": False,
            "show_save_as_new": False,
            "show_delete_link": False,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        # Stay on the member's page: there is nothing else to save here but notes.
        added = getattr(request, "member_notes_added", 0)
        if added:
            self.message_user(request, _("Note added."), messages.SUCCESS)
        else:
            self.message_user(request, _("Nothing to save: the note was empty."), messages.INFO)
        return HttpResponseRedirect(request.path)

    @admin.display(description=_("approved posts"), ordering="approved_post_count")
    def approved_posts(self, member):
        return member.approved_post_count

    @admin.display(description=_("standing"))
    def standing(self, member):
        return describe_standing(member)

    @admin.display(description=_("verified professional"))
    def professional(self, member):
        return describe_professional(member)

    @admin.display(description=_("posts"))
    def post_counts(self, member):
        counts = Post.objects.filter(author=member).aggregate(
            approved=Count("pk", filter=Q(state=Post.State.APPROVED)),
            rejected=Count("pk", filter=Q(state=Post.State.REJECTED)),
            pending=Count("pk", filter=Q(state=Post.State.PENDING)),
            hidden=Count("pk", filter=Q(state=Post.State.HIDDEN)),
        )
        approved, rejected = counts["approved"], counts["rejected"]
        pending, hidden = counts["pending"], counts["hidden"]
        return " · ".join(
            [
                _count(ngettext("%(n)d approved", "%(n)d approved", approved), approved),
                _count(ngettext("%(n)d rejected", "%(n)d rejected", rejected), rejected),
                _count(
                    ngettext("%(n)d waiting for review", "%(n)d waiting for review", pending),
                    pending,
                ),
                _count(
                    ngettext("%(n)d hidden after flags", "%(n)d hidden after flags", hidden), hidden
                ),
            ]
        )

    @admin.display(description=_("their posts"))
    def posts_link(self, member):
        return format_html(
            '<a href="{}">{}</a>',
            _admin_list_url("forum_post", author__id__exact=member.pk),
            _("See all their posts, in every state"),
        )

    @admin.display(description=_("flags"))
    def flag_counts(self, member):
        raised = Flag.objects.filter(flagger=member).count()
        on_posts = Flag.objects.filter(post__author=member)
        received = on_posts.count()
        still_open = on_posts.filter(resolved_at=None).count()
        return " · ".join(
            [
                _count(ngettext("%(n)d flag raised", "%(n)d flags raised", raised), raised),
                _count(
                    ngettext("%(n)d flag on their posts", "%(n)d flags on their posts", received),
                    received,
                ),
                _count(ngettext("%(n)d still open", "%(n)d still open", still_open), still_open),
            ]
        )

    @admin.display(description=_("look them up"))
    def flags_links(self, member):
        links = [
            (_admin_list_url("forum_flag", flagger__id__exact=member.pk), _("Flags they raised")),
        ]
        if _flag_admin_allows(ON_THEIR_POSTS, member.pk):
            links.append(
                (
                    _admin_list_url("forum_flag", **{ON_THEIR_POSTS: member.pk}),
                    _("Flags on their posts"),
                )
            )
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def _apply(self, request, queryset, change, done_message):
        """Run `change` on each member; `done_message(n)` reports how many changed."""
        changed = 0
        for member in queryset:
            try:
                change(member)
            except PermissionDenied:
                continue
            changed += 1
        self.message_user(request, done_message(changed), messages.SUCCESS)

    @admin.action(description=_("Suspend…"), permissions=["change"], location=EVERYWHERE)
    def suspend_selected(self, request, queryset):
        form = SuspendForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            return self._apply(
                request,
                queryset,
                lambda member: services.suspend_member(
                    moderator=request.user,
                    member=member,
                    until=form.cleaned_data["until"],
                    reason=form.cleaned_data["reason"],
                ),
                lambda n: _count(
                    ngettext("%(n)d member suspended.", "%(n)d members suspended.", n), n
                ),
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Suspend members"),
            "opts": self.model._meta,
            "members": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action_field": _action_field(request),
        }
        return TemplateResponse(request, "admin/accounts/member/suspend_selected.html", context)

    @admin.action(description=_("Lift suspension"), permissions=["change"], location=EVERYWHERE)
    def lift_suspension_selected(self, request, queryset):
        return self._apply(
            request,
            queryset,
            lambda member: services.lift_suspension(moderator=request.user, member=member),
            lambda n: _count(
                ngettext(
                    "Suspension lifted for %(n)d member.", "Suspension lifted for %(n)d members.", n
                ),
                n,
            ),
        )

    @admin.action(description=_("Always review"), permissions=["change"], location=EVERYWHERE)
    def review_always_selected(self, request, queryset):
        return self._apply(
            request,
            queryset,
            lambda member: services.set_review_policy(
                moderator=request.user, member=member, policy=User.ReviewPolicy.ALWAYS
            ),
            lambda n: _count(
                ngettext(
                    "%(n)d member set to always review.", "%(n)d members set to always review.", n
                ),
                n,
            ),
        )

    @admin.action(
        description=_("Review until trusted"), permissions=["change"], location=EVERYWHERE
    )
    def review_standard_selected(self, request, queryset):
        return self._apply(
            request,
            queryset,
            lambda member: services.set_review_policy(
                moderator=request.user, member=member, policy=User.ReviewPolicy.STANDARD
            ),
            lambda n: _count(
                ngettext(
                    "%(n)d member set to review until trusted.",
                    "%(n)d members set to review until trusted.",
                    n,
                ),
                n,
            ),
        )


# Professional applications -------------------------------------------------------------


class ApproveApplicationsForm(forms.Form):
    valid_until = forms.DateField(
        label=_("Verified until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The badge lapses after this day unless the member applies again."),
        error_messages={"required": _("Give the date the verification lasts until.")},
    )

    def clean_valid_until(self):
        day = self.cleaned_data["valid_until"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Give a date after today."), code="date_not_in_future")
        return day


class DeclineApplicationsForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the member"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Each applicant receives this note by e-mail."),
        error_messages={"required": _("Tell the member why; they receive the note by e-mail.")},
    )


@admin.register(ProfessionalApplication)
class ProfessionalApplicationAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """Members asking to be shown as verified health professionals: the ones waiting
    first, oldest first. Moderators check the register, then approve or decline."""

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
    actions = ["approve_selected", "decline_selected"]
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
        return f"{country_name(application.country)} ({application.country})"

    def _nothing_waiting(self, request):
        self.message_user(
            request,
            _("None of the selected applications is waiting: each was already decided."),
            messages.WARNING,
        )

    def _intermediate(self, request, queryset, form, *, title, action, template):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "applications": queryset,
            "form": form,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action_field": _action_field(request),
        }
        return TemplateResponse(request, template, context)

    @admin.action(
        description=_("Approve…"),
        description_plural=_("Approve selected applications…"),
        permissions=["decide"],
        location=EVERYWHERE,
    )
    def approve_selected(self, request, queryset):
        waiting = list(queryset.filter(status=ProfessionalApplication.Status.PENDING))
        if not waiting:
            return self._nothing_waiting(request)
        form = ApproveApplicationsForm(
            request.POST if "apply" in request.POST else None,
            initial={"valid_until": services.default_verification_end()},
        )
        if form.is_valid():
            for application in waiting:
                services.approve_professional_application(
                    moderator=request.user,
                    application=application,
                    valid_until=form.cleaned_data["valid_until"],
                )
            self.message_user(
                request,
                _count(
                    ngettext(
                        "%(n)d application approved. The member has been told by e-mail.",
                        "%(n)d applications approved. Each member has been told by e-mail.",
                        len(waiting),
                    ),
                    len(waiting),
                ),
                messages.SUCCESS,
            )
            return None
        return self._intermediate(
            request,
            waiting,
            form,
            title=_("Approve professional applications"),
            action="approve_selected",
            template="admin/accounts/professionalapplication/decide_selected.html",
        )

    @admin.action(
        description=_("Decline…"),
        description_plural=_("Decline selected applications…"),
        permissions=["decide"],
        location=EVERYWHERE,
    )
    def decline_selected(self, request, queryset):
        waiting = list(queryset.filter(status=ProfessionalApplication.Status.PENDING))
        if not waiting:
            return self._nothing_waiting(request)
        form = DeclineApplicationsForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for application in waiting:
                services.decline_professional_application(
                    moderator=request.user, application=application, note=form.cleaned_data["note"]
                )
            self.message_user(
                request,
                _count(
                    ngettext(
                        "%(n)d application declined. The member has been told why by e-mail.",
                        "%(n)d applications declined. Each member has been told why by e-mail.",
                        len(waiting),
                    ),
                    len(waiting),
                ),
                messages.SUCCESS,
            )
            return None
        return self._intermediate(
            request,
            waiting,
            form,
            title=_("Decline professional applications"),
            action="decline_selected",
            template="admin/accounts/professionalapplication/decide_selected.html",
        )
