"""
Long lists of questions a page at a time, in time that does not grow with the forum.

A category's list is read newest activity first, through an index in that order
(Topic.Meta), and goes back at most ASKWELL_LIST_MAX_PAGES pages: counting every
question of a large category, or skipping tens of thousands of rows to reach its last
page, would cost more than any reader gains. Older questions are a search away; the
page says so.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """A Paginator that counts at most `max_pages` pages of `object_list`; `capped`
    says whether there were more."""

    def __init__(self, object_list, per_page, *, max_pages=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages or settings.ASKWELL_LIST_MAX_PAGES

    @cached_property
    def limit(self):
        return self.max_pages * self.per_page

    @cached_property
    def count(self):
        # One row more than the pages shown: a COUNT over a LIMIT, bounded.
        return self.object_list[: self.limit + 1].count()

    @cached_property
    def capped(self):
        return self.count > self.limit

    @cached_property
    def num_pages(self):
        return min(super().num_pages, self.max_pages)
