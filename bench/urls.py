"""The site's URLs, and the bare view the benchmark compares its pages with."""

import functools
import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


@functools.cache
def body():
    """The question page's bytes, written by bench/throughput.py before gunicorn starts
    (read at the first request, then kept in memory)."""
    name = os.environ.get("ASKWELL_BENCH_BODY", "")
    return Path(name).read_bytes() if name else b"<!doctype html><title>bench</title>"


def bare(request):
    """As little as Django allows: the same bytes as the question page, from memory,
    through the same middleware."""
    return HttpResponse(body(), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
