"""The search page's form: what to look for and the filters beside it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Category

SEARCH_MAX_LENGTH = 200
SEARCH_MIN_LENGTH = 2


class SearchForm(forms.Form):
    """Every field is optional and forgiving: a bad filter is reported and ignored, the
    words typed always stay in the box."""

    q = forms.CharField(required=False, strip=False)
    type = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("all", _("Articles and questions")),
            ("articles", _("Articles only")),
            ("questions", _("Questions only")),
        ],
        error_messages={"invalid_choice": _("Choose what to show from the list.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any category"),
        error_messages={"invalid_choice": _("There is no such category; all are searched.")},
    )
    answered = forms.BooleanField(
        label=_("Only questions with an answer that helped"), required=False
    )

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        # clean_q says itself what is wrong with a NUL character.
        self.fields["q"].validators = []
        self.query = " ".join(data.get("q", "").split())

    def clean_q(self):
        query = self.query
        if "\x00" in query:
            # PostgreSQL text cannot hold a null character, so such a search would fail there.
            raise forms.ValidationError(
                _("Your search contains characters that cannot be searched for."), code="nul"
            )
        if len(query) > SEARCH_MAX_LENGTH:
            raise forms.ValidationError(
                _("Please search for at most %(max)d characters; your search has %(length)d."),
                code="too_long",
                params={"max": SEARCH_MAX_LENGTH, "length": len(query)},
            )
        if query and len(query) < SEARCH_MIN_LENGTH:
            raise forms.ValidationError(
                _("Please type at least %(min)d characters."),
                code="too_short",
                params={"min": SEARCH_MIN_LENGTH},
            )
        return query

    def clean_type(self):
        return self.cleaned_data.get("type") or "all"

    def filter_errors(self):
        """One message per bad filter, whatever was wrong with it (a NUL included)."""
        return [
            self.fields[name].error_messages["invalid_choice"]
            for name in ("type", "category")
            if name in self.errors
        ]

    def filters(self):
        """The filters that are valid; a bad one is left out."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "kind": cleaned.get("type") or "all",
            "category": cleaned.get("category"),
            "answered": bool(cleaned.get("answered")),
        }
