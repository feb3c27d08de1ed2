from django.conf import settings


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
