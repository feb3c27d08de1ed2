from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import authenticator_setup, outbox, usernames
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "enter_current_password": _("That is not your current password. Please type it again."),
        "username_blacklisted": _(
            "This username is reserved for the people who run Askwell. Please choose another."
        ),
        "username_looks_reserved": _(
            "Usernames can't contain “%(word)s”, or anything that looks like it: it would "
            "pass for the people who run Askwell. Please choose another."
        ),
        "username_looks_taken": _(
            "This username looks too much like another member's: readers could mistake "
            "one for the other. Please choose another."
        ),
    }

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
        try:
            username = super().clean_username(username, shallow=shallow)
        except ValidationError as error:
            # Django's "letters, numbers, and @/./+/-/_" would contradict the hint and
            # the refusal of "@" above: say what the hint says.
            if getattr(error, "code", None) == "invalid":
                raise ValidationError(usernames.ALLOWED_CHARACTERS, code="invalid") from None
            raise
        # A name that only looks like a reserved word or a member's name (other letters
        # that look the same, digits for letters) is refused too (accounts.usernames).
        word = usernames.reserved_word_in(username, settings.ACCOUNT_USERNAME_BLACKLIST)
        if word is not None:
            raise ValidationError(
                self.error_messages["username_looks_reserved"],
                code="username_looks_reserved",
                params={"word": word},
            )
        if (
            not shallow
            and User.objects.filter(username_skeleton=usernames.stored_skeleton(username)).exists()
        ):
            raise self.validation_error("username_looks_taken")
        return username

    def add_message(self, request, level, message_template=None, message_context=None, **kwargs):
        # Confirming a new account's address signs the member in as well: "your address
        # is confirmed" is the one message they need on the page they come back to, not
        # "you are signed in" after it.
        if message_template == "account/messages/email_confirmed.txt":
            request.askwell_email_confirmed = True
        elif message_template == "account/messages/logged_in.txt" and getattr(
            request, "askwell_email_confirmed", False
        ):
            return
        super().add_message(request, level, message_template, message_context, **kwargs)

    def pre_login(self, request, user, **kwargs):
        # Staff without an authenticator app: a password alone opens no staff session,
        # on the forum's side of the site either (accounts.authenticator_setup).
        if authenticator_setup.needs_setup_link_to_sign_in(session=request.session, user=user):
            clear_login(request)
            return render(
                request,
                "accounts/authenticator_setup_needs_link.html",
                {"staff_member": user},
                status=403,
            )
        return super().pre_login(request, user, **kwargs)

    def populate_username(self, request, user):
        super().populate_username(request, user)
        user.username_skeleton = usernames.stored_skeleton(user.username)

    def get_email_verification_redirect_url(self, email_address):
        # A signed-in member confirming a new address was changing it from the
        # e-mail page: take them back there to see the result.
        if self.request.user.is_authenticated:
            return reverse("account_email")
        return super().get_email_verification_redirect_url(email_address)

    def send_mail(self, template_prefix, email, context):
        # allauth's messages (confirmations, password resets, security notices) leave
        # through the task queue like every other e-mail: a page never waits on the
        # mail server, and a refusal is retried (accounts.outbox).
        request = self.request
        context = {"request": request, "email": email, **context}
        context.setdefault("current_site", get_current_site(request))
        outbox.send(self.render_mail(template_prefix, email, context))

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # Security e-mails (templates/account/email/base_notification.txt) name the
        # account and say how to take it back if the change was not the member's: they
        # are also sent after a password reset, when nobody is signed in.
        context = {
            "user": user,
            "password_reset_url": build_absolute_uri(
                self.request, reverse("account_reset_password")
            ),
            "security_email": settings.ASKWELL_SECURITY_EMAIL,
            **(context or {}),
        }
        super().send_notification_mail(template_prefix, user, context=context, email=email)
