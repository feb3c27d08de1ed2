"""
What every moderation page in the admin shares: who may open it, read-only records,
inlines shown for reading, and the two shapes a decision takes in the admin: applied
to each selected object with one report, or confirmed first on one page with a form.
"""

from collections import Counter

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import get_fields_from_path
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from forum.errors import Refused
from forum.models import PostRevision

# Actions offered on the selected objects of a list, and on one object's page.
EVERYWHERE = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


def is_moderator(request):
    return request.user.is_active and request.user.is_staff and request.user.is_moderator()


# The lookups the admin's own field filters make (…__exact, …__isnull, dates' __gte
# and __lt), after the field's path.
FILTER_LOOKUPS = frozenset({"exact", "iexact", "isnull", "in", "gte", "gt", "lte", "lt", "isempty"})


def _filter_paths(model, list_filter):
    """The field paths a page's list filters filter on, with the primary key after each
    relation (a related filter's parameter is `category__id__exact`)."""
    paths = set()
    for item in list_filter:
        if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
            continue
        path = item[0] if isinstance(item, (list, tuple)) else item
        paths.add(path)
        field = get_fields_from_path(model, path)[-1]
        if field.is_relation:
            paths.add(f"{path}{LOOKUP_SEP}{field.target_field.name}")
    return paths


class ModeratorOnlyMixin:
    """Admin pages for moderators: gated by the forum's moderation permission."""

    # Filters the page's own links use beyond its list filters (Member standing links
    # to a member's posts and flags), as `field__path__lookup`.
    extra_lookups = ()

    def lookup_allowed(self, lookup, value, request):
        """
        Only what the page's filters offer, and its extra_lookups. Django accepts any
        lookup on a model's own fields, which would let a moderator read what the page
        never shows one answer at a time (?email__startswith=a on the members' list).
        Anything else is refused with a 400.
        """
        if lookup in self.extra_lookups:
            return True
        simple = {
            item.parameter_name
            for item in self.get_list_filter(request)
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter)
        }
        if lookup in simple:
            return True
        path, _, last = lookup.rpartition(LOOKUP_SEP)
        return last in FILTER_LOOKUPS and path in _filter_paths(
            self.model, self.get_list_filter(request)
        )

    # How a decision that did not apply is reported, before the reason (apply_to_each).
    left_as_it_was = ngettext_lazy(
        "%(n)d was left as it was.", "%(n)d were left as they were.", "n"
    )

    def has_module_permission(self, request):
        return is_moderator(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReadOnlyMixin:
    """A record to look things up in: decisions are made through the queue."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ShownNotSubmittedFormSet(BaseInlineFormSet):
    """Rows shown beside a page's own form for reading only. They are never bound to
    what the browser sends, so the page's form saves whether or not they came along."""

    def __init__(self, data=None, files=None, **kwargs):
        super().__init__(None, None, **kwargs)
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []

    def is_valid(self):
        return True

    def save(self, commit=True):
        return []


class ModeratorReadOnlyInline(ReadOnlyMixin, admin.StackedInline):
    """Related records moderators read on a page and never change."""

    formset = ShownNotSubmittedFormSet
    extra = 0
    max_num = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return is_moderator(request)

    def has_add_permission(self, request, obj=None):
        return False


class PostRevisionInline(ModeratorReadOnlyInline):
    """A post's earlier versions, newest first, with who replaced each and when."""

    model = PostRevision
    fields = ["created_at", "edited_by", "title", "body"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("edited_by").order_by("-created_at", "-pk")
        )


def apply_to_each(model_admin, request, objects, decide, *, done, params=None):
    """
    Make one decision on each of `objects` (decide(obj) calls the service) and report
    once: how many were done (`done`, an ngettext_lazy counting "n", filled in with
    `params` too), and, grouped by reason, how many the service refused and left as
    they were (the admin's `left_as_it_was`). Returns how many were done.
    """
    count, left = 0, Counter()
    for obj in objects:
        try:
            decide(obj)
        except Refused as refused:
            left[str(refused.message)] += 1
        else:
            count += 1
    if count or not left:
        model_admin.message_user(request, done % {"n": count, **(params or {})}, messages.SUCCESS)
    for why, n in left.items():
        model_admin.message_user(
            request, f"{model_admin.left_as_it_was % {'n': n}} {why}", messages.WARNING
        )
    return count


def each_action(name, decide, *, description, done, **options):
    """
    An admin action called `name` that makes one decision on each selected object:
    decide(request, obj) calls the service. Reported by apply_to_each. `options` are
    admin.action's (permissions, location).
    """

    @admin.action(description=description, **options)
    def action(model_admin, request, queryset):
        apply_to_each(model_admin, request, queryset, lambda obj: decide(request, obj), done=done)

    action.__name__ = name
    return action


def action_field(request):
    """The name the chosen action came under: the change form prefixes its own."""
    on_page = f"{admin.ActionLocation.CHANGE_FORM.value}-action"
    return on_page if on_page in request.POST else "action"


def confirm_page(model_admin, request, *, action, form, objects, items, **context):
    """
    The page a decision on the selected objects goes through first: what is about to
    happen (`intro`), to what (`items`, one line each), and the form it needs (a
    reason, a date). It posts back to the list with the same selection and action,
    marked `apply`. One template for every such decision:
    admin/moderation/confirm_action.html, or `template` where a decision needs more.
    """
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "form": form,
        "items": items,
        "selected": [obj.pk for obj in objects],
        "action": action,
        "action_field": action_field(request),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "changelist_url": f"admin:{opts.app_label}_{opts.model_name}_changelist",
        "cancel_label": _("Cancel"),
        **context,
    }
    template = context.pop("template", "admin/moderation/confirm_action.html")
    return TemplateResponse(request, template, context)


def applying(request):
    """Whether the confirmation page was sent (rather than the action first chosen)."""
    return "apply" in request.POST
