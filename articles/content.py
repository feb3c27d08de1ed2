"""
Reading article content files.

Each file in articles/content/ is Markdown with a small front matter:

    ---
    title: Necrotizing myopathy
    slug: necrotizing-myopathy
    summary: One or two sentences for lists and search results.
    date: 2026-11-21
    ---

    The article, in Markdown.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from markup.render import MAX_SOURCE_LENGTH

CONTENT_DIR = Path(__file__).resolve().parent / "content"
REQUIRED_FIELDS = ("title", "slug", "summary", "date")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE = "---"


class ContentError(Exception):
    """A content file that cannot be imported; the message names the file."""

    def __init__(self, path, problem):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


@dataclass(frozen=True)
class ArticleSource:
    path: Path
    slug: str
    title: str
    summary: str
    published_on: datetime.date
    body: str


def parse_article_file(path):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, _("the file is not valid UTF-8 text")) from None
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(path, _("the file must start with a front matter line “---”"))
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE)
    except StopIteration:
        raise ContentError(path, _("the front matter is not closed by a line “---”")) from None

    fields = {}
    for number, line in enumerate(lines[1:end], start=2):
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise ContentError(
                path, _("line %(number)d: expected “name: value”") % {"number": number}
            )
        if key not in REQUIRED_FIELDS:
            raise ContentError(
                path, _("line %(number)d: unknown field “%(key)s”") % {"number": number, "key": key}
            )
        if key in fields:
            raise ContentError(
                path,
                _("line %(number)d: “%(key)s” is given twice") % {"number": number, "key": key},
            )
        if not value:
            raise ContentError(
                path, _("line %(number)d: “%(key)s” is empty") % {"number": number, "key": key}
            )
        fields[key] = value

    missing = [name for name in REQUIRED_FIELDS if name not in fields]
    if missing:
        raise ContentError(
            path, _("the front matter lacks: %(fields)s") % {"fields": ", ".join(missing)}
        )
    if not SLUG_RE.match(fields["slug"]):
        raise ContentError(
            path,
            _("slug “%(slug)s” may hold only lower-case letters, digits and hyphens")
            % {"slug": fields["slug"]},
        )
    if len(fields["slug"]) > 120:
        raise ContentError(path, _("the slug is longer than 120 characters"))
    if len(fields["title"]) > 200:
        raise ContentError(path, _("the title is longer than 200 characters"))
    try:
        published_on = datetime.date.fromisoformat(fields["date"])
    except ValueError:
        raise ContentError(
            path, _("date “%(date)s” is not a date like 2026-11-21") % {"date": fields["date"]}
        ) from None
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        raise ContentError(path, _("the article has no text after the front matter"))
    if len(body) > MAX_SOURCE_LENGTH:
        raise ContentError(
            path,
            _("the article is longer than the %(max)s characters the site renders")
            % {"max": f"{MAX_SOURCE_LENGTH:,}"},
        )
    return ArticleSource(
        path=path,
        slug=fields["slug"],
        title=fields["title"],
        summary=fields["summary"],
        published_on=published_on,
        body=body + "\n",
    )


def read_content_dir(directory=CONTENT_DIR):
    """Parse every *.md file in `directory`; raise ContentError on the first bad one."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ContentError(directory, _("no such folder"))
    sources = [parse_article_file(path) for path in sorted(directory.glob("*.md"))]
    seen = {}
    for source in sources:
        if source.slug in seen:
            raise ContentError(
                source.path,
                _("slug “%(slug)s” is already used by %(other)s")
                % {"slug": source.slug, "other": seen[source.slug].name},
            )
        seen[source.slug] = source.path
    return sources
