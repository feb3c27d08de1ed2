"""`{% typical_review_wait as wait %}`: how long posts wait for a moderator these days
(forum.review_wait), for the ask page."""

from django import template

from ..review_wait import review_wait_text

register = template.Library()


@register.simple_tag
def typical_review_wait():
    return review_wait_text()
