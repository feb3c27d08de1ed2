"""Forms for authors editing their own posts: the same rules as asking and replying."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import KEPT_TEXT_SUMMARY, TITLE_MIN_LENGTH, AskForm, PostBodyField


class EditReplyForm(forms.Form):
    error_summary = KEPT_TEXT_SUMMARY

    body = PostBodyField(label=_("Your reply"))


class EditQuestionForm(forms.Form):
    error_summary = KEPT_TEXT_SUMMARY

    title = forms.CharField(
        label=_("Your question"),
        min_length=TITLE_MIN_LENGTH,
        max_length=150,
        help_text=_("One sentence that sums up what you want to know."),
    )
    body = PostBodyField(label=_("Details"))

    # The title follows the same rules as when the question was asked.
    clean_title = AskForm.clean_title


def edit_form_class(post):
    return EditQuestionForm if post.is_opening else EditReplyForm


class ToggleForm(forms.Form):
    """A button's wanted state ("1" on, "0" off), so a second submit changes nothing,
    and the order of the replies to come back to."""

    value = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    sort = forms.CharField(required=False)
