"""Requests Askwell refuses before any view sees them."""

from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


class NulCharacter(SuspiciousOperation):
    """A NUL character, which no text column can hold (PostgreSQL refuses it)."""


class RefuseNulMiddleware:
    """
    A 400 for any request whose address, query or form fields hold a NUL character,
    whichever view it is for: PostgreSQL cannot store or compare one, so a lookup with
    it fails deep in the database instead of saying what is wrong. Views whose every
    input goes through forms that refuse the character with a message of their own
    (marked by forum.requests.checks_own_input: the search page, the compose script's endpoints) are
    left to say it in the page, with what was typed kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not ("\x00" in request.path or _holds_nul(request.GET) or _holds_nul(request.POST)):
            return None
        if getattr(view_func, "checks_own_input", False):
            return None
        raise NulCharacter("A NUL character in the request.")


def _holds_nul(params):
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in params.lists()
    )


# The form fields a CSRF failure page gives back: text a person typed. Passwords,
# tokens and other hidden fields are never echoed.
_TYPED_FIELD_NAMES = {"title", "body", "text", "reason", "note", "bio", "message", "details"}
_TYPED_MAX_LENGTH = 20_000


def csrf_failure(request, reason=""):
    """
    The page for a form whose security token no longer matches (it stayed open while
    the session ended or changed, or came from another site): in the site's design,
    saying what happened, and giving back what was typed in it, to copy before going
    back. It is not sent again from here: a form from another site must not be one
    click away from being sent as the member.
    """
    typed = [
        (name, value[:_TYPED_MAX_LENGTH])
        for name, value in request.POST.items()
        if name in _TYPED_FIELD_NAMES and value.strip()
    ]
    referer = request.headers.get("Referer", "")
    back = (
        referer
        if referer
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else ""
    )
    return render(request, "403_csrf.html", {"typed": typed, "back_url": back}, status=403)
