from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class StaffSessionExpiryMiddleware:
    """Staff sessions (moderators and administrators) end after
    ASKWELL_ADMIN_SESSION_SECONDS without a request; members keep the usual length.
    The expiry is set again on every response, so each request restarts the count,
    from the one that signs staff in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            request.session.set_expiry(settings.ASKWELL_ADMIN_SESSION_SECONDS)
        return response


class PrivacyHeadersMiddleware:
    """
    Headers for what browsers and caches may do with Askwell's pages:

    - Permissions-Policy on every response (static files included): the browser
      features Askwell never uses (camera, microphone, location, payment, USB…) are off
      for its pages and for anything they might embed.
    - Pages for signed-in members are Cache-Control: private, Vary: Cookie: no shared
      cache (a proxy, a CDN) may keep one member's page and serve it to another. So
      are pages built from a visitor's own session (the question they typed before
      signing in, a message for them).

    First in MIDDLEWARE, so that it sees every response, those WhiteNoise serves too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.ASKWELL_PERMISSIONS_POLICY)
        if _is_personal(request):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response


def _is_personal(request):
    """Whether the response was made for this browser's member or visitor alone."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return session is not None and session.accessed and not session.is_empty()
