"""Where a form may send someone back to: a path on this site, nothing else."""

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
