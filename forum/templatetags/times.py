"""Times as pages give them to machines: `<time datetime="{{ when|datetime_attr }}">`.
A built-in library (config.settings' TEMPLATES), so every template has it."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value):
    """An HTML-valid `datetime` value, to the second and with its offset
    ("2026-12-06T13:05:09+00:00"): the `c` date format gives microseconds, which the
    HTML standard does not allow there."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return value.isoformat()  # a date: "2026-12-06"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
