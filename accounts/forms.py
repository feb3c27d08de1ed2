"""
allauth's account forms, with Askwell's labels and help text (settings.ACCOUNT_FORMS),
and the application to be shown as a verified health professional.

Every field keeps a visible label, so the placeholders allauth adds (which repeat the
label inside the box) are dropped.
"""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from . import usernames
from .avatars import process_avatar
from .models import BIO_MAX_LENGTH, ProfessionalApplication, User


class SiteFieldsMixin:
    labels = {}
    help_texts = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name]


class LoginForm(SiteFieldsMixin, allauth_forms.LoginForm):
    labels = {
        "login": _("Username or e-mail address"),
        "remember": _("Stay signed in on this device"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Password managers pair "username" with "current-password".
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        # The page links to the password reset after the button, so the link does not
        # sit between the two inputs in the tab order.
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            # The label follows the checkbox, so it needs no colon.
            self.fields["remember"].label_suffix = ""


class SignupForm(SiteFieldsMixin, allauth_forms.SignupForm):
    labels = {"email": _("E-mail address")}
    help_texts = {
        "email": _(
            "Private. We use it to confirm your account and to reset your password; "
            "other members never see it."
        ),
        "username": format_lazy("{} {}", usernames.USERNAME_HINT, usernames.ALLOWED_CHARACTERS),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        # Too short or too long is said as the hint says what fits.
        for code in ("min_length", "max_length"):
            username.error_messages[code] = usernames.ALLOWED_CHARACTERS

    def full_clean(self):
        super().full_clean()
        # When only another field needs fixing, keep the passwords too, so nothing
        # typed has to be typed again (typing can be hard work for our members).
        # A password that was itself refused is cleared.
        keep = self.is_bound and not (self.has_error("password1") or self.has_error("password2"))
        for name in ("password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.render_value = keep


class AddEmailForm(SiteFieldsMixin, allauth_forms.AddEmailForm):
    labels = {"email": _("New e-mail address")}
    help_texts = {
        "email": _("We'll send a link to the new address. Nothing changes until you follow it.")
    }

    def save(self, request):
        address = super().save(request)
        # Tell the address in use now: if someone else asked for the change, its owner
        # still has time to stop it before the link is followed.
        get_adapter(request).send_notification_mail("account/email/email_added", self.user)
        return address


class ChangePasswordForm(SiteFieldsMixin, allauth_forms.ChangePasswordForm):
    # The page links to the password reset after the button instead.
    help_texts = {"oldpassword": ""}
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("New password (again)"),
    }


class SetPasswordForm(SiteFieldsMixin, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(SiteFieldsMixin, allauth_forms.ResetPasswordForm):
    labels = {"email": _("Your e-mail address")}


class ResetPasswordKeyForm(SiteFieldsMixin, allauth_forms.ResetPasswordKeyForm):
    labels = {
        "password1": _("New password"),
        "password2": _("New password (again)"),
    }


class ReauthenticateForm(SiteFieldsMixin, allauth_forms.ReauthenticateForm):
    help_texts = {"password": ""}


class ProfessionalApplicationForm(forms.ModelForm):
    """A member's application to be shown as a verified health professional."""

    country = forms.ChoiceField(
        label=_("Country of registration"),
        choices=lambda: [("", _("Choose a country")), *countries],
        error_messages={"invalid_choice": _("Choose a country from the list.")},
    )

    class Meta:
        model = ProfessionalApplication
        fields = ["profession", "registration_body", "registration_number", "country"]
        labels = {
            "profession": _("Your profession"),
            "registration_body": _("Registration body"),
            "registration_number": _("Registration number"),
        }
        help_texts = {
            "profession": _(
                "As it should appear beside your name, for example “Neurologist” or "
                "“Physiotherapist”."
            ),
            "registration_body": _(
                "The body that keeps the register you are on, for example the General "
                "Medical Council."
            ),
            "registration_number": _(
                "Moderators use it to check the register. It is never shown to other members."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        # Spaces typed by mistake are not part of a title or a registration.
        for name in ("profession", "registration_body", "registration_number"):
            if cleaned.get(name):
                cleaned[name] = " ".join(cleaned[name].split())
        return cleaned


class ProfileForm(forms.Form):
    """A member's public profile: a short bio and an avatar, both optional."""

    error_summary = _(
        "Some of what you entered needs another look. The fields below say what to change."
    )

    bio = forms.CharField(
        label=_("About you"),
        required=False,
        max_length=BIO_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Optional, at most 500 characters, shown on your public profile. You can use "
            "Markdown. Leave out your real name and anything that identifies you."
        ),
    )
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
        help_text=_(
            "Optional: a JPEG, PNG, GIF or WebP picture of at most 5 MB. It is cropped "
            "square and its details (camera, date, place) are removed. Without one, your "
            "initials are shown."
        ),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return process_avatar(upload)

    @classmethod
    def for_member(cls, member, data=None, files=None):
        form = cls(data, files, initial={"bio": member.bio})
        if not member.avatar:
            del form.fields["remove_avatar"]
        return form


class DeletionForm(forms.Form):
    """Asking for one's account to be deleted: what becomes of one's posts, confirmed
    with the password (members without a password, and those with two-factor
    authentication, confirm by allauth's re-authentication instead)."""

    error_summary = _(
        "Some of what you entered needs another look. The fields below say what to change."
    )

    mode = forms.ChoiceField(
        label=_("What should become of your posts?"),
        choices=User.DeletionMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what should become of your posts."),
            "invalid_choice": _("Choose one of the two options."),
        },
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, member, ask_password=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        if not ask_password:
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Please type it again."), code="wrong_password"
            )
        return password
