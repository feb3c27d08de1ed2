"""
The one search engine: the search page, the similar questions shown while asking, and
related questions on question and article pages all use it.

PostgreSQL: the stored, GIN-indexed tsvectors (forum.search.index, articles.search)
matched with to_tsquery('english', …) and ranked by ts_rank; snippets by ts_headline;
"Did you mean …?" from the site's words by trigram similarity (pg_trgm). SQLite: the FTS5
tables, ranked by bm25 with the same weights, snippets by FTS5's snippet(), suggestions
by difflib over the same words.

Only what anonymous readers may see is ever indexed, and every result is fetched again
through the visibility rule (`visible_to`). No author is named in results.
"""

import difflib
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from articles.models import Article, SearchWord
from articles.search import ARTICLE_FTS

from ..models import Post, Topic
from . import query as q
from .index import REPLIES_INDEXED, TOPIC_FTS

ARTICLES_ON_FIRST_PAGE = 3
HEADLINE_OPTIONS = {
    "config": "english",
    "start_sel": q.START,
    "stop_sel": q.STOP,
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}
_PG_OPTIONS = (
    f"StartSel={q.START}, StopSel={q.STOP}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def _postgres():
    return connection.vendor == "postgresql"


@dataclass
class Hit:
    """One result as the page shows it."""

    kind: str  # "article" or "question"
    object: object
    title: str
    url: str
    snippet: str = ""
    date: object = None
    category: object = None
    answered: bool = False
    reply_url: str = ""
    reply_snippet: str = ""


@dataclass
class Matcher:
    """Terms and how to match them (all of them, or any)."""

    terms: list
    any_term: bool = False

    @property
    def pg(self):
        return SearchQuery(
            q.tsquery(self.terms, any_term=self.any_term), search_type="raw", config="english"
        )

    @property
    def fts(self):
        return q.fts5_query(self.terms, any_term=self.any_term)


# Questions: the matches are ranked in one statement over the search table alone (on
# PostgreSQL its copied category, answered state and activity filter and order them);
# the page's questions are then fetched through the visibility rule.
MAX_RESULTS = 1000
# A word most questions contain matches more than can be ranked quickly: then only this
# many of the most recently active matches are ranked.
RANKED_CANDIDATES = 4000


def _ranked_sql(
    matcher, *, category=None, answered=False, exclude=(), not_about=None, limit=MAX_RESULTS
):
    """(sql, params) of (topic id, rank) rows, best first: in `category`, answered only,
    without the questions `exclude` or those asked about the article `not_about`."""
    not_about_sql = "topic_id NOT IN (SELECT id FROM forum_topic WHERE article_id = %s)"
    if _postgres():
        where, params = ["document @@ query"], [q.tsquery(matcher.terms, any_term=matcher.any_term)]
        if category is not None:
            where.append("category_id = %s")
            params.append(category.pk)
        if answered:
            where.append("is_answered")
        if exclude:
            where.append("NOT (topic_id = ANY(%s))")
            params.append(list(exclude))
        if not_about is not None:
            where.append(not_about_sql)
            params.append(not_about.pk)
        sql = f"""
            SELECT topic_id, ts_rank(document, query, 1) AS rank
            FROM (
                SELECT topic_id, document, last_activity_at, query
                FROM forum_topic_search, to_tsquery('english', %s) AS query
                WHERE {" AND ".join(where)}
                ORDER BY last_activity_at DESC LIMIT {RANKED_CANDIDATES}
            ) AS candidates
            ORDER BY rank DESC, last_activity_at DESC, topic_id DESC LIMIT {int(limit)}
        """  # noqa: S608 (constants and placeholders only)
        return sql, params
    where, params = [f"{TOPIC_FTS} MATCH %s"], [matcher.fts]
    if category is not None:
        where.append("t.category_id = %s")
        params.append(category.pk)
    if answered:
        where.append(
            "EXISTS (SELECT 1 FROM forum_post a WHERE a.id = t.accepted_answer_id "
            "AND a.state = 'approved')"
        )
    for pk in exclude:
        where.append("t.id <> %s")
        params.append(pk)
    if not_about is not None:
        where.append("(t.article_id IS NULL OR t.article_id <> %s)")
        params.append(not_about.pk)
    sql = f"""
        SELECT t.id AS topic_id, -bm25({TOPIC_FTS}, 10.0, 4.0, 2.0, 1.0) AS rank
        FROM {TOPIC_FTS} JOIN forum_topic t ON t.id = {TOPIC_FTS}.rowid
        WHERE {" AND ".join(where)}
        ORDER BY rank DESC, t.last_activity_at DESC, t.id DESC LIMIT {int(limit)}
    """  # noqa: S608 (constants and placeholders only)
    return sql, params


def _row_rank(matcher):
    """The rank of the question in the row, as _ranked_sql computes it."""
    if _postgres():
        return RawSQL(  # noqa: S611 (a constant; the query is a parameter)
            "(SELECT ts_rank(document, to_tsquery('english', %s), 1) FROM forum_topic_search "
            "WHERE topic_id = forum_topic.id)",
            [q.tsquery(matcher.terms, any_term=matcher.any_term)],
        )
    return RawSQL(  # noqa: S611 (a constant; the query is a parameter)
        f"(SELECT -bm25({TOPIC_FTS}, 10.0, 4.0, 2.0, 1.0) FROM {TOPIC_FTS} "  # noqa: S608
        f"WHERE {TOPIC_FTS} MATCH %s AND rowid = forum_topic.id)",
        [matcher.fts],
    )


def ranked_topic_ids(matcher, **filters):
    """[(topic id, rank)] of the published questions matching, best first."""
    sql, params = _ranked_sql(matcher, **filters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _topics(user):
    return (
        Topic.objects.visible_to(user or AnonymousUser())
        .listed()
        .annotate(
            answered=ExpressionWrapper(
                Q(accepted_answer__state=Post.State.APPROVED), output_field=BooleanField()
            )
        )
        .select_related("category")
    )


def topics_in_order(ranked, *, user=None):
    """The questions of `ranked` ([(id, rank)]) that `user` may open, in that order."""
    ids = [pk for pk, _rank in ranked]
    found = _topics(user).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def matching_articles(matcher):
    articles = Article.objects.defer("body", "body_html")
    if _postgres():
        query = matcher.pg
        return (
            articles.filter(search_document__document=query)
            .annotate(rank=SearchRank(F("search_document__document"), query))
            .order_by("-rank", "title")
        )
    return (
        articles.filter(
            pk__in=RawSQL(  # noqa: S611 (constant table names; the query is a parameter)
                f"SELECT rowid FROM {ARTICLE_FTS} WHERE {ARTICLE_FTS} MATCH %s",  # noqa: S608
                [matcher.fts],
            )
        )
        .annotate(
            rank=RawSQL(  # noqa: S611 (constant table names; the query is a parameter)
                f"(SELECT -bm25({ARTICLE_FTS}, 10.0, 5.0, 1.0) FROM {ARTICLE_FTS} "  # noqa: S608
                f"WHERE {ARTICLE_FTS} MATCH %s AND rowid = articles_article.id)",
                [matcher.fts],
            )
        )
        .order_by("-rank", "title")
    )


def _article_hits(articles, matcher):
    articles = list(articles)
    ids = [a.pk for a in articles]
    if not ids:
        return []
    if _postgres():
        snippets = dict(
            Article.objects.filter(pk__in=ids)
            .annotate(headline=SearchHeadline("body", matcher.pg, **HEADLINE_OPTIONS))
            .values_list("pk", "headline")
        )
    else:
        snippets = _fts_snippets(ARTICLE_FTS, 2, ids, matcher)
    return [
        Hit(
            kind="article",
            object=a,
            title=a.title,
            url=a.get_absolute_url(),
            snippet=q.marked(snippets.get(a.pk) or a.summary),
            date=a.published_on,
        )
        for a in articles
    ]


def _fts_snippets(table, column, ids, matcher):
    placeholders = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, snippet({table}, {column}, char(2), char(3), '…', 30) "  # noqa: S608
            f"FROM {table} WHERE {table} MATCH %s AND rowid IN ({placeholders})",
            [matcher.fts, *ids],
        )
        return dict(cursor.fetchall())


def _question_hits(topics, matcher):
    """Hits for a page of questions, with the opening post's snippet and the best
    matching published reply: two more queries, whatever the page's size."""
    topics = list(topics)
    if not topics:
        return []
    ids = [t.pk for t in topics]
    if _postgres():
        snippets = {
            topic_id: headline
            for topic_id, headline in Post.objects.filter(
                pk__in=[t.opening_post_id for t in topics]
            )
            .annotate(headline=SearchHeadline("body", matcher.pg, **HEADLINE_OPTIONS))
            .values_list("topic_id", "headline")
        }
        replies = _pg_best_replies(topics, matcher)
    else:
        snippets = _fts_snippets(TOPIC_FTS, 1, ids, matcher)
        replies = _python_best_replies(topics, matcher)
    hits = []
    for topic in topics:
        reply = replies.get(topic.pk)
        hits.append(
            Hit(
                kind="question",
                object=topic,
                title=topic.title,
                url=topic.get_absolute_url(),
                snippet=q.marked(snippets.get(topic.pk, "")),
                date=topic.last_activity_at,
                category=topic.category,
                answered=topic.answered,
                reply_url=f"{topic.get_absolute_url()}#post-{reply[0]}" if reply else "",
                reply_snippet=q.marked(reply[1]) if reply else "",
            )
        )
    return hits


def _pg_best_replies(topics, matcher):
    """{topic id: (post id, headline)} of the best matching published reply among the
    replies each question's index holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT t.id, best.id, ts_headline('english', best.body, query, %s)
            FROM unnest(%s::bigint[], %s::bigint[]) AS t(id, opening),
                 to_tsquery('english', %s) AS query,
            LATERAL (
                SELECT p.id, p.body FROM (
                    SELECT id, body FROM forum_post
                    WHERE topic_id = t.id AND state = 'approved' AND id <> t.opening
                    ORDER BY helpful_count DESC, id LIMIT {REPLIES_INDEXED}
                ) p
                WHERE to_tsvector('english', p.body) @@ query
                ORDER BY ts_rank(to_tsvector('english', p.body), query) DESC, p.id
                LIMIT 1
            ) AS best
            """,  # noqa: S608
            [
                _PG_OPTIONS,
                [t.pk for t in topics],
                [t.opening_post_id for t in topics],
                q.tsquery(matcher.terms, any_term=matcher.any_term),
            ],
        )
        return {topic_id: (post_id, headline) for topic_id, post_id, headline in cursor}


def _python_best_replies(topics, matcher):
    stems = {
        q._stem(w)[:6] for term in matcher.terms for phrase in term.alternatives for w in phrase
    }
    candidates = (
        Post.objects.filter(topic__in=topics, state=Post.State.APPROVED)
        .exclude(pk__in=[t.opening_post_id for t in topics])
        .filter(_any_contains(stems))
        .order_by("-helpful_count", "pk")
        .values_list("topic_id", "pk", "body")
    )
    best = {}
    for topic_id, pk, body in candidates:
        score, snippet = q.python_snippet(body, matcher.terms)
        if score and score > best.get(topic_id, (0,))[0]:
            best[topic_id] = (score, pk, snippet)
    return {topic_id: (pk, snippet) for topic_id, (_s, pk, snippet) in best.items()}


def _any_contains(stems):
    condition = Q(pk__in=[])
    for stem in stems:
        condition |= Q(body__icontains=stem)
    return condition


# Did you mean …?


def closest_word(word):
    """The site's word most like `word`, or None."""
    if _postgres():
        from django.contrib.postgres.search import TrigramSimilarity

        return (
            SearchWord.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=0.4)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
    candidates = (
        SearchWord.objects.filter(word__startswith=word[0])
        .annotate(length=Length("word"))
        .filter(length__gte=len(word) - 2, length__lte=len(word) + 2)
        .values_list("word", flat=True)
    )
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return found[0] if found else None


def suggestion(terms):
    """The query with each word the site never uses replaced by the closest one it
    does, or None when there is nothing to correct."""
    plain = [t.typed for t in terms if t.is_plain_word and t.typed.isalpha() and len(t.typed) > 3]
    if not plain:
        return None
    known = set(SearchWord.objects.filter(word__in=plain).values_list("word", flat=True))
    corrections = {}
    for word in plain:
        if word not in known:
            closest = closest_word(word)
            if closest and closest != word:
                corrections[word] = closest
    if not corrections:
        return None
    return " ".join(corrections.get(t.typed, t.typed) for t in terms)


# The search page.

KINDS = ("all", "articles", "questions")


@dataclass
class Results:
    query: str
    terms: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    article_count: int = 0
    page: object = None  # a Page of Hits: questions, or articles with kind="articles"
    suggestion: str = ""  # "Did you mean …?": the results shown are for it
    capped: bool = False  # more questions match than are listed (MAX_RESULTS)
    any_term: bool = False  # nothing had every word: results have some of them

    @property
    def total(self):
        return self.article_count + (self.page.paginator.count if self.page else 0)


def _run(matcher, *, user, kind, category, answered, page_number, per_page):
    results = Results(query="", terms=matcher.terms, any_term=matcher.any_term)
    with_articles = kind in ("all", "articles") and category is None and not answered
    if kind == "articles":
        if with_articles:
            page = Paginator(matching_articles(matcher), per_page).get_page(page_number)
            page.object_list = _article_hits(page.object_list, matcher)
            results.page, results.article_count = page, 0
        else:
            results.page = Paginator([], per_page).get_page(1)
        return results
    if with_articles:
        found = list(matching_articles(matcher)[: ARTICLES_ON_FIRST_PAGE + 1])
        results.article_count = len(found)
        if str(page_number or "1") == "1":
            results.articles = _article_hits(found[:ARTICLES_ON_FIRST_PAGE], matcher)
    ranked = ranked_topic_ids(matcher, category=category, answered=answered)
    page = Paginator(ranked, per_page).get_page(page_number)
    page.object_list = _question_hits(topics_in_order(page.object_list, user=user), matcher)
    results.page = page
    results.capped = len(ranked) >= MAX_RESULTS
    return results


def search_site(text, *, user=None, kind="all", category=None, answered=False, page=1, per_page=20):
    """
    Articles and published questions for the search page. Every typed word must match
    (through its synonyms and spellings); if nothing does, a query with the site's
    closest words is tried ("Did you mean …?"), then any of the words.
    """
    terms = q.parse(text)
    if not terms:
        return Results(query=text, page=Paginator([], per_page).get_page(1))
    options = {
        "user": user,
        "kind": kind,
        "category": category,
        "answered": answered,
        "page_number": page,
        "per_page": per_page,
    }
    results = _run(Matcher(terms), **options)
    if results.total == 0 and terms:
        corrected = suggestion(terms)
        if corrected:
            retry = _run(Matcher(q.parse(corrected)), **options)
            if retry.total:
                retry.suggestion = corrected
                results = retry
        if results.total == 0 and len(terms) > 1:
            results = _run(Matcher(terms, any_term=True), **options)
    results.query = text
    return results


# Similar and related questions.


def similar_questions(words, *, limit=5, exclude=(), not_about=None):
    """Published questions matching any of `words` (a string), best first, in one
    query: for the similar questions while asking and related questions."""
    terms = q.parse(words)
    if not terms:
        return []
    matcher = Matcher(terms, any_term=True)
    sql, params = _ranked_sql(matcher, exclude=exclude, not_about=not_about, limit=limit)
    # One query: the ranked ids as a subquery, ranked again for the few rows fetched.
    topics = (
        _topics(None)
        .filter(pk__in=RawSQL(f"SELECT topic_id FROM ({sql}) AS ranked", params))  # noqa: S608, S611
        .annotate(rank=_row_rank(matcher))
        .order_by("-rank", "-last_activity_at", "-pk")
    )
    return list(topics[:limit])
