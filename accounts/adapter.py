from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        # The username is shown next to every post; an e-mail address there would
        # undo the privacy the pseudonym is for.
        if "@" in username:
            raise ValidationError(
                _(
                    "Your username is shown publicly, so it can't contain “@”. "
                    "Choose a nickname rather than your e-mail address or real name."
                ),
                code="email_as_username",
            )
        return super().clean_username(username, shallow=shallow)
