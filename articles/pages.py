"""
The site's rules: community guidelines, privacy notice and terms. Each is a content
file in articles/pages/ (Markdown with the articles' front matter: title, slug,
summary, and date, the day it last changed), named after its slug, so an operator
edits the text without touching code. Pages are read when first asked for, and again
whenever their file changes; `manage.py check` reports a broken one.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core import checks
from django.utils.translation import gettext as _

from markup.render import render_markdown

from .content import ArticleSource, ContentError, parse_article_file

PAGES_DIR = Path(__file__).resolve().parent / "pages"
# The pages every other part of the site links to.
GUIDELINES = "guidelines"
PRIVACY = "privacy"
TERMS = "terms"
REQUIRED_PAGES = (GUIDELINES, PRIVACY, TERMS)


@dataclass(frozen=True)
class SitePage:
    source: ArticleSource
    body_html: str

    @property
    def title(self):
        return self.source.title

    @property
    def summary(self):
        return self.source.summary

    @property
    def updated_on(self):
        return self.source.published_on

    @property
    def slug(self):
        return self.source.slug


@lru_cache(maxsize=16)
def _load(path, mtime_ns):
    source = parse_article_file(path)
    if source.slug != Path(path).stem:
        raise ContentError(
            path,
            _("its slug “%(slug)s” must be its file's name") % {"slug": source.slug},
        )
    return SitePage(source=source, body_html=render_markdown(source.body))


def get_page(slug, directory=None):
    """The page `slug`, or None when there is no such file."""
    path = Path(directory or PAGES_DIR) / f"{slug}.md"
    if not path.is_file():
        return None
    return _load(str(path), path.stat().st_mtime_ns)


def check_pages(app_configs=None, **kwargs):
    """`manage.py check`: every page the site links to exists and reads."""
    errors = []
    for slug in REQUIRED_PAGES:
        try:
            if get_page(slug) is None:
                errors.append(
                    checks.Error(f"articles/pages/{slug}.md is missing.", id="articles.E001")
                )
        except ContentError as error:
            errors.append(checks.Error(str(error), id="articles.E002"))
    return errors
