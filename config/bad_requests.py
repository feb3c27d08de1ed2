"""Requests Askwell refuses before any view sees them."""

from django.core.exceptions import SuspiciousOperation


class NulCharacter(SuspiciousOperation):
    """A NUL character, which no text column can hold (PostgreSQL refuses it)."""


class RefuseNulMiddleware:
    """
    A 400 page for any request whose address, query or form fields hold a NUL
    character, whichever view it is for: PostgreSQL cannot store or compare one, so a
    lookup with it fails deep in the database instead of saying what is wrong.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _holds_nul(request.GET) or _holds_nul(request.POST):
            raise NulCharacter("A NUL character in the request.")
        return self.get_response(request)


def _holds_nul(params):
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in params.lists()
    )
