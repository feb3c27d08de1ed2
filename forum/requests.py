"""What the forum makes of a request before its forms: where a form may send someone
back to, and which views check every input themselves."""

from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request, value, default):
    """
    `value` if it is a path on this site ("/…"), otherwise `default`. Never another
    site (or a scheme-relative "//…"), and never a bare word: redirect() would take that
    for the name of a view, and fail on it.
    """
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return default


def checks_own_input(view):
    """Mark a view whose every input goes through forms that refuse a NUL character
    with a message of their own, so that the site's blanket refusal of such requests
    (config.bad_requests) leaves it to them and what was typed stays on the page."""
    view.checks_own_input = True
    return view
