from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class FollowForm(forms.Form):
    """The state a follow button asks for, so that pressing it twice does no harm."""

    follow = forms.TypedChoiceField(
        choices=[("on", _("Follow")), ("off", _("Stop following"))],
        coerce=lambda value: value == "on",
        error_messages={
            "required": _("Choose whether to follow or to stop following."),
            "invalid_choice": _("Choose whether to follow or to stop following."),
        },
    )


class EmailNotificationsForm(forms.ModelForm):
    """How a member wants to be e-mailed of new posts they follow."""

    class Meta:
        model = User
        fields = ["email_notifications"]
        labels = {"email_notifications": _("E-mail me about new posts I follow")}
        help_texts = {
            "email_notifications": _(
                "Whatever you choose, new posts are listed on your notifications page."
            )
        }
        widgets = {"email_notifications": forms.RadioSelect}
        error_messages = {
            "email_notifications": {
                "invalid_choice": _("Choose one of the options: at once, daily or never."),
                "required": _("Choose one of the options: at once, daily or never."),
            }
        }
