from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .forms import KEPT_TEXT_SUMMARY
from .models import Flag

DETAIL_MAX_LENGTH = 1000

# What each reason covers, shown beside it so members pick the right one.
REASON_EXPLANATIONS = {
    Flag.Reason.MISINFORMATION: _(
        "Claims about the disease or its treatment that are false or could cause harm."
    ),
    Flag.Reason.SPAM: _("Selling something, or links that have nothing to do with the question."),
    Flag.Reason.ABUSE: _("Insults, harassment or hateful words towards anyone."),
    Flag.Reason.PERSONAL_INFO: _(
        "A full name, address, phone number or other details that identify someone."
    ),
    Flag.Reason.OTHER: _("Something else moderators should look at: tell them below."),
}


def _reason_choices():
    return [
        (value, format_lazy("{} – {}", label, REASON_EXPLANATIONS[value]))
        for value, label in Flag.Reason.choices
    ]


class FlagForm(forms.Form):
    error_summary = KEPT_TEXT_SUMMARY

    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=_reason_choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the reason that fits best."),
            "invalid_choice": _("Choose one of the reasons in the list."),
        },
    )
    detail = forms.CharField(
        label=_("Details for the moderators"),
        required=False,
        max_length=DETAIL_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "Please keep the details to %(limit_value)d characters (you wrote %(show_value)d)."
            )
        },
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required if you chose “Something else”. Only moderators read this. "
            "At most 1,000 characters."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Flag.Reason.OTHER and not cleaned.get("detail"):
            self.add_error(
                "detail",
                forms.ValidationError(
                    _("Tell the moderators what is wrong, so they know what to look for."),
                    code="detail_required",
                ),
            )
        return cleaned
