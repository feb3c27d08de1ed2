"""
The articles' side of full-text search, and the site's vocabulary.

`index_articles` keeps each article's search entry current: on PostgreSQL a stored
tsvector (title A, summary B, text C) in `articles_article_search`, GIN-indexed; on
SQLite a row of the FTS5 table `articles_article_fts` (Porter stemming). The import
(articles.services) calls it for every article it writes.

`note_words` adds the words of published text to the vocabulary (SearchWord) that
"Did you mean …?" suggestions are taken from; the forum's index calls it too. The
queries themselves are built by forum.search.
"""

import re

from django.db import connection

from .models import Article, SearchWord

# The FTS5 table's columns, in the order bm25() weighs them.
ARTICLE_FTS = "articles_article_fts"
WORD = re.compile(r"[^\W\d_]{3,40}")


def words(text):
    """The distinct lower-case words (letters only, 3 to 40 of them) in `text`."""
    return {word.lower() for word in WORD.findall(text or "")}


def note_words(texts):
    """Add every word of `texts` to the site's vocabulary (nothing is ever removed:
    suggestions are checked against what a search finds)."""
    found = set()
    for text in texts:
        found |= words(text)
    if not found:
        return
    known = set(SearchWord.objects.filter(word__in=found).values_list("word", flat=True))
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(found - known)],
        ignore_conflicts=True,
        batch_size=1000,
    )


def index_articles(pks=None):
    """Write the search entry of the articles `pks` (every article when None) from
    their current text, and note their words."""
    articles = Article.objects.all() if pks is None else Article.objects.filter(pk__in=pks)
    ids = list(articles.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM articles_article_search WHERE article_id = ANY(%s)", [ids])
            cursor.execute(
                """
                INSERT INTO articles_article_search (article_id, document)
                SELECT a.id,
                       setweight(to_tsvector('english', a.title), 'A')
                       || setweight(to_tsvector('english', a.summary), 'B')
                       || setweight(to_tsvector('english', a.body), 'C')
                FROM articles_article a WHERE a.id = ANY(%s)
                """,
                [ids],
            )
        else:
            placeholders = ",".join(["%s"] * len(ids)) or "NULL"
            cursor.execute(f"DELETE FROM {ARTICLE_FTS} WHERE rowid IN ({placeholders})", ids)  # noqa: S608
            cursor.execute(
                f"INSERT INTO {ARTICLE_FTS} (rowid, title, summary, body) "  # noqa: S608
                f"SELECT id, title, summary, body FROM articles_article "
                f"WHERE id IN ({placeholders})",
                ids,
            )
    note_words(
        text
        for title, summary, body in Article.objects.filter(pk__in=ids).values_list(
            "title", "summary", "body"
        )
        for text in (title, summary, body)
    )
