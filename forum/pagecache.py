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

from django.contrib.auth import get_user_model

from articles.generations import MARKUP, bump, kept

from .models import Topic

# The token of what was withdrawn from readers anywhere in the forum.
WITHDRAWN = "withdrawn"
# The token of every change readers see anywhere in the forum (topic_changed).
FORUM = "forum"
# The token of members' public faces (their name, avatar and badge), which every
# question's page shows: a change to any gives it a new one (member_saved).
FACES = "faces"
FACE_FIELDS = frozenset({"username", "avatar", "professional_title", "professional_until"})
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


def member_saved(sender, instance, created, update_fields=None, **kwargs):
    """A post_save receiver (forum.apps): a member saved with a change to what readers
    see of them, or saved whole (a form, the admin), renews FACES. A sign-in, which
    saves only its time, does not."""
    if created or not isinstance(instance, get_user_model()):
        return
    if update_fields is not None and not FACE_FIELDS.intersection(update_fields):
        return
    bump(FACES)


def cached_html(name, build, *, tokens, seconds):
    """The HTML `build()` makes, kept in the cache under `name` and the current
    `tokens` (and the stored HTML's, MARKUP) for `seconds`; built afresh when the
    cache fails."""
    return kept(name, build, tokens=[*tokens, MARKUP], seconds=seconds)
