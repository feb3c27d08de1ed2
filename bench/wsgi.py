"""
The benchmark's WSGI application: Askwell (bench.settings), except `/bench/wsgi/`,
which a few lines of WSGI answer with the question page's bytes, without Django: what
gunicorn alone manages on this machine.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

django_application = get_wsgi_application()

from bench.urls import body  # noqa: E402 (once Django is set up)


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/bench/wsgi/":
        page = body()
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))]
        start_response("200 OK", headers)
        return [page]
    return django_application(environ, start_response)
