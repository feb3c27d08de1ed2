"""
What the forum tells the anonymous page cache (config.pagecache) when something
readers see changes: a question's page, its category's list, the article it was asked
about, and the forum-wide lists (home, the categories) get new generation tokens
(articles.generations), so the next reader without a session gets a page built afresh.

Called by the services where such changes happen: forum.lifecycle (a post published,
hidden, restored, rejected or removed), forum.editing (an edit), forum.answers (the
answer that helped, a helpful mark), moderation.questions (locked, pinned, moved,
merged) and moderation.corrections (a moderator's note).

Also keeps what every viewer of a question page shares under the same tokens
(cached_html: its related questions, its structured data).
"""

from articles.generations import MARKUP, bump, kept

from .models import Topic

# The token of what was withdrawn from readers anywhere in the forum.
WITHDRAWN = "withdrawn"
# The token of every change readers see anywhere in the forum (topic_changed).
FORUM = "forum"
# How long a question's related questions are kept: new questions join them then.
RELATED_SECONDS = 10 * 60


def topic_changed(topic, *, also_categories=(), withdrawn=False):
    """The question `topic` (or its pk) changed in a way readers see; so did its
    category's list and the other categories in `also_categories` (slugs), when
    it left one. `withdrawn`: something readers could see is no longer theirs to see
    (a post hidden, rejected or removed, a question merged, a title changed), so every
    page that might name it (other questions' related questions) is built afresh
    too."""
    pk = getattr(topic, "pk", topic)
    row = Topic.objects.filter(pk=pk).values_list("category__slug", "article__slug").first()
    names = [f"topic:{pk}", FORUM, *(f"category:{slug}" for slug in also_categories)]
    if withdrawn:
        names.append(WITHDRAWN)
    if row is not None:
        category_slug, article_slug = row
        names.append(f"category:{category_slug}")
        if article_slug:
            names.append(f"article:{article_slug}")
    bump(*names)


def cached_html(name, build, *, tokens, seconds):
    """The HTML `build()` makes, kept in the cache under `name` and the current
    `tokens` (and the stored HTML's, MARKUP) for `seconds`; built afresh when the
    cache fails."""
    return kept(name, build, tokens=[*tokens, MARKUP], seconds=seconds)
