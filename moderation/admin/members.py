"""
Member standing in the admin: what moderators may see and change of a member (the
pseudonym and standing, their posts and flags, notes), never the e-mail address, the
password or permissions. Changes are actions on one member (their page) or several
(the list), through moderation.members.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from accounts.models import Member, MemberNote, User
from forum.models import Flag, Post

from .. import members
from ..forms import AddMemberNoteForm, SuspendForm
from .base import (
    EVERYWHERE,
    ModeratorOnlyMixin,
    ModeratorReadOnlyInline,
    apply_to_each,
    applying,
    confirm_page,
    each_action,
    is_moderator,
)
from .display import count, describe_professional, describe_standing

ON_THEIR_POSTS = "post__author__id__exact"


def _admin_list_url(name, **params):
    return reverse(f"admin:{name}_changelist") + "?" + urlencode(params)


class SuspendedFilter(admin.SimpleListFilter):
    title = _("suspension")
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", _("Suspended now")), ("no", _("Not suspended"))]

    def queryset(self, request, queryset):
        current = User.suspended_now(timezone.now())
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


class AddMemberNoteInline(admin.StackedInline):
    """One empty note to add, saved through moderation.members.add_member_note."""

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
        return is_moderator(request)

    def has_add_permission(self, request, obj=None):
        return is_moderator(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _on_member(service, **kwargs):
    return lambda request, member: service(moderator=request.user, member=member, **kwargs)


# One decision on each selected member: (action, service, description, what is said).
DECISIONS = [
    (
        "lift_suspension_selected",
        _on_member(members.lift_suspension),
        _("Lift suspension"),
        ngettext_lazy(
            "Suspension lifted for %(n)d member.", "Suspension lifted for %(n)d members.", "n"
        ),
    ),
    (
        "review_always_selected",
        _on_member(members.set_review_policy, policy=User.ReviewPolicy.ALWAYS),
        _("Always review"),
        ngettext_lazy(
            "%(n)d member set to always review.", "%(n)d members set to always review.", "n"
        ),
    ),
    (
        "review_standard_selected",
        _on_member(members.set_review_policy, policy=User.ReviewPolicy.STANDARD),
        _("Review until trusted"),
        ngettext_lazy(
            "%(n)d member set to review until trusted.",
            "%(n)d members set to review until trusted.",
            "n",
        ),
    ),
]
each_decision = [
    each_action(
        name,
        decide,
        description=description,
        done=done,
        permissions=["change"],
        location=EVERYWHERE,
    )
    for name, decide, description, done in DECISIONS
]


@admin.action(description=_("Suspend…"), permissions=["change"], location=EVERYWHERE)
def suspend_selected(model_admin, request, queryset):
    form = SuspendForm(request.POST if applying(request) else None)
    if form.is_valid():
        apply_to_each(
            model_admin,
            request,
            queryset,
            lambda member: members.suspend_member(
                moderator=request.user,
                member=member,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            ),
            done=ngettext_lazy("%(n)d member suspended.", "%(n)d members suspended.", "n"),
        )
        return None
    selected = list(queryset)
    return confirm_page(
        model_admin,
        request,
        action="suspend_selected",
        form=form,
        objects=selected,
        items=[member.username for member in selected],
        title=_("Suspend members"),
        intro=ngettext(
            "You are suspending %(n)d member. They can still read, but cannot post; "
            "whenever they try, they are shown your reason and when the suspension ends.",
            "You are suspending %(n)d members. They can still read, but cannot post; "
            "whenever they try, they are shown your reason and when the suspension ends.",
            len(selected),
        )
        % {"n": len(selected)},
        submit_label=_("Suspend"),
    )


@admin.register(Member)
class MemberAdmin(ModeratorOnlyMixin, admin.ModelAdmin):
    """A member's standing: every field read-only, changes are actions."""

    left_as_it_was = ngettext_lazy(
        "%(n)d member was left as they were.", "%(n)d members were left as they were.", "n"
    )

    list_display = ["username", "date_joined", "standing", "professional", "approved_posts"]
    list_filter = [SuspendedFilter, "review_policy", ProfessionalFilter]
    search_fields = ["username"]
    actions = [suspend_selected, *each_decision]
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
                        members.add_member_note(
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
        if getattr(request, "member_notes_added", 0):
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
                count(ngettext("%(n)d approved", "%(n)d approved", approved), approved),
                count(ngettext("%(n)d rejected", "%(n)d rejected", rejected), rejected),
                count(
                    ngettext("%(n)d waiting for review", "%(n)d waiting for review", pending),
                    pending,
                ),
                count(
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
                count(ngettext("%(n)d flag raised", "%(n)d flags raised", raised), raised),
                count(
                    ngettext("%(n)d flag on their posts", "%(n)d flags on their posts", received),
                    received,
                ),
                count(ngettext("%(n)d still open", "%(n)d still open", still_open), still_open),
            ]
        )

    @admin.display(description=_("look them up"))
    def flags_links(self, member):
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            [
                (
                    _admin_list_url("forum_flag", flagger__id__exact=member.pk),
                    _("Flags they raised"),
                ),
                (
                    _admin_list_url("forum_flag", **{ON_THEIR_POSTS: member.pk}),
                    _("Flags on their posts"),
                ),
            ],
        )
