"""
What the forum tells the anonymous page cache (config.pagecache) when something
readers see changes: a question's page, its category's list, the article it was asked
about, and the forum-wide lists (home, the categories) get new generation tokens
(articles.generations), so the next reader without a session gets a page built afresh.

Called by the services where such changes happen: forum.lifecycle (a post published,
hidden, restored, rejected or removed), forum.editing (an edit), forum.answers (the
answer that helped, a helpful mark) and moderation.questions (locked, pinned, moved,
merged).
"""

from articles.generations import bump

from .models import Topic


def topic_changed(topic, *, also_categories=()):
    """The question `topic` (or its pk) changed in a way readers see; so did its
    category's list and the other categories in `also_categories` (slugs), when
    it left one."""
    pk = getattr(topic, "pk", topic)
    row = Topic.objects.filter(pk=pk).values_list("category__slug", "article__slug").first()
    names = [f"topic:{pk}", "forum", *(f"category:{slug}" for slug in also_categories)]
    if row is not None:
        category_slug, article_slug = row
        names.append(f"category:{category_slug}")
        if article_slug:
            names.append(f"article:{article_slug}")
    bump(*names)
