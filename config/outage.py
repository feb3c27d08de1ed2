"""The page a reader gets while the database is unreachable (a restart, a failover).

Django answers an uncaught exception with `handler500`; an outage of the database is
not a fault in the page but a moment's unavailability, so it is answered 503 with
Retry-After, which browsers, crawlers and load balancers understand as "come back
shortly". The page is rendered without a request and so without the database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = defaults.HttpResponseServerError(loader.render_to_string("503.html"))
        response.status_code = 503
        response.reason_phrase = "Service Unavailable"
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, template_name)
