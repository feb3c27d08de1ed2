"""Questions that may already answer the one a member is typing, and questions
related to one being read."""

import re

from .search import engine

MIN_WORD_LENGTH = 4
# At most this many words of the title are compared, so the query keeps its size.
MAX_WORDS = 8

STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
    about above after again against also anyone anything because been before being
    below between both could does doing down during each else ever every from further
    have having here hers herself himself into itself just know like make many more most
    much must myself need only other ought ours ourselves over same should since some
    someone something still such than that their theirs them themselves then there
    these they this those through under until very want wants were what when where
    which while will with would your yours yourself yourselves question questions
    help please thanks anybody else tell really usually normal possible
    """,
    )
)


def significant_words(title):
    """The words of `title` worth matching: no stop words, no short words, no repeats."""
    words = []
    for word in re.findall(r"\w+", (title or "").lower()):
        if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def similar_questions(title, limit=5, *, exclude=(), not_about=None):
    """
    Published questions that share significant words with `title` (or their synonyms),
    best first, in one query, through the site's one search engine.
    """
    words = significant_words(title)
    if not words:
        return []
    return engine.similar_questions(
        " ".join(words), limit=limit, exclude=exclude, not_about=not_about
    )


def related_questions(topic, limit=5):
    """Other published questions like `topic`, for its page."""
    return similar_questions(topic.title, limit, exclude=[topic.pk])
