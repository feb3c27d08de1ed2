"""
The questions' search index, kept current by explicit calls from the services that
write, edit, accept, move, merge or change the state of posts (no triggers, no signals).

Only what an anonymous reader may see goes in: a question whose opening post is
published and that was not merged into another, with its published replies. Weights:
title A, opening post B, the answer that helped C, the category's name and the other
replies D (at most REPLIES_INDEXED of them, the most helpful first).

PostgreSQL: a stored tsvector per question (forum_topic_search, GIN index), English
stemming. SQLite: the FTS5 table forum_topic_fts (Porter stemming), bm25 weights in
forum.search.engine.
"""

from django.db import connection

from articles.search import note_words

from ..models import Post, Topic

TOPIC_FTS = "forum_topic_fts"
REPLIES_INDEXED = 100

_PG_INSERT = f"""
INSERT INTO forum_topic_search (topic_id, category_id, is_answered, last_activity_at, document)
SELECT t.id, t.category_id, acc.id IS NOT NULL, t.last_activity_at,
       setweight(to_tsvector('english', t.title), 'A')
       || setweight(to_tsvector('english', op.body), 'B')
       || setweight(to_tsvector('english', coalesce(acc.body, '')), 'C')
       || setweight(to_tsvector('english', c.name || ' ' || coalesce(r.bodies, '')), 'D')
FROM forum_topic t
JOIN forum_post op ON op.id = t.opening_post_id AND op.state = 'approved'
JOIN forum_category c ON c.id = t.category_id
LEFT JOIN forum_post acc ON acc.id = t.accepted_answer_id AND acc.state = 'approved'
LEFT JOIN LATERAL (
    SELECT string_agg(p.body, ' ') AS bodies FROM (
        SELECT p.body FROM forum_post p
        WHERE p.topic_id = t.id AND p.state = 'approved' AND p.id <> t.opening_post_id
          AND p.id IS DISTINCT FROM acc.id
        ORDER BY p.helpful_count DESC, p.id LIMIT {REPLIES_INDEXED}
    ) p
) r ON true
WHERE t.merged_into_id IS NULL
"""  # noqa: S608

_SQLITE_INSERT = f"""
INSERT INTO {TOPIC_FTS} (rowid, title, body, answer, replies)
SELECT t.id, t.title, op.body, coalesce(acc.body, ''),
       c.name || ' ' || coalesce((
           SELECT group_concat(body, ' ') FROM (
               SELECT p.body FROM forum_post p
               WHERE p.topic_id = t.id AND p.state = 'approved' AND p.id <> t.opening_post_id
                 AND (acc.id IS NULL OR p.id <> acc.id)
               ORDER BY p.helpful_count DESC, p.id LIMIT {REPLIES_INDEXED}
           )
       ), '')
FROM forum_topic t
JOIN forum_post op ON op.id = t.opening_post_id AND op.state = 'approved'
JOIN forum_category c ON c.id = t.category_id
LEFT JOIN forum_post acc ON acc.id = t.accepted_answer_id AND acc.state = 'approved'
WHERE t.merged_into_id IS NULL
"""  # noqa: S608


def reindex_topics(pks):
    """Rewrite the search entry of the questions `pks` from what is published in them
    now (a question no longer published loses its entry). Call it in the transaction
    that changed them."""
    ids = sorted({pk for pk in pks if pk is not None})
    if not ids:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM forum_topic_search WHERE topic_id = ANY(%s)", [ids])
            cursor.execute(_PG_INSERT + " AND t.id = ANY(%s)", [ids])
        else:
            placeholders = ",".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {TOPIC_FTS} WHERE rowid IN ({placeholders})", ids)  # noqa: S608
            cursor.execute(_SQLITE_INSERT + f" AND t.id IN ({placeholders})", ids)
    texts = Topic.objects.filter(pk__in=ids, opening_post__state=Post.State.APPROVED).values_list(
        "title", flat=True
    )
    bodies = Post.objects.filter(topic_id__in=ids, state=Post.State.APPROVED).values_list(
        "body", flat=True
    )
    note_words([*texts, *bodies])


def reindex_topic(topic):
    """reindex_topics for one question (a Topic or its id)."""
    reindex_topics([getattr(topic, "pk", topic)])


def rebuild_index():
    """Rewrite every question's search entry and the vocabulary, in a few set-based
    statements (a large forum: minutes)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM forum_topic_search")
            cursor.execute(_PG_INSERT)
            cursor.execute("ANALYZE forum_topic_search")
        else:
            cursor.execute(f"DELETE FROM {TOPIC_FTS}")  # noqa: S608
            cursor.execute(_SQLITE_INSERT)
    note_words(
        Topic.objects.filter(opening_post__state=Post.State.APPROVED)
        .values_list("title", flat=True)
        .distinct()
        .iterator(chunk_size=5000)
    )
    note_words(
        Post.objects.filter(state=Post.State.APPROVED)
        .order_by()
        .values_list("body", flat=True)
        .distinct()
        .iterator(chunk_size=5000)
    )
