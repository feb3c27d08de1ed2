from django import forms
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import Category

TITLE_MIN_LENGTH = 10
BODY_MIN_LENGTH = 20
BODY_MAX_LENGTH = 20_000


KEPT_TEXT_SUMMARY = _(
    "Some of what you entered needs another look. The fields below say what to change; "
    "everything you typed is still there."
)


class PostBodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_length", BODY_MIN_LENGTH)
        kwargs.setdefault("max_length", BODY_MAX_LENGTH)
        kwargs.setdefault(
            "help_text",
            _(
                "You can use Markdown: **bold**, *italic*, lists with “-”, links. "
                "Please don't share your full name, address or other details that "
                "identify you."
            ),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        super().__init__(**kwargs)


class AskForm(forms.Form):
    error_summary = KEPT_TEXT_SUMMARY

    title = forms.CharField(
        label=_("Your question"),
        min_length=TITLE_MIN_LENGTH,
        max_length=150,
        help_text=_("One sentence that sums up what you want to know."),
    )
    category = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Category.objects.all(),
        empty_label=_("Choose the closest topic"),
        error_messages={"invalid_choice": _("Choose one of the topics in the list.")},
    )
    body = PostBodyField(label=_("Details"))

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        # The field counted the spaces collapsed above; count what is kept.
        MinLengthValidator(TITLE_MIN_LENGTH)(title)
        if title.isupper() and len(title) > TITLE_MIN_LENGTH:
            raise forms.ValidationError(
                _("Please don't write the whole title in capital letters."), code="shouting"
            )
        return title

    def draft(self):
        """What was typed, in a form that survives a trip through the session."""
        return {
            "title": self.data.get("title", ""),
            "category": self.data.get("category", ""),
            "body": self.data.get("body", ""),
        }


class ReplyForm(forms.Form):
    error_summary = KEPT_TEXT_SUMMARY

    body = PostBodyField(label=_("Your reply"))
