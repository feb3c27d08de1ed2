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


def _faces(values):
    """FACE_FIELDS' values as text: an avatar by its file's name."""
    return {name: str(values[name] or "") for name in FACE_FIELDS}


def _faces_of(member):
    return _faces({name: getattr(member, name) for name in FACE_FIELDS})


def member_saving(sender, instance, update_fields=None, **kwargs):
    """A pre_save receiver (forum.apps): what readers see of a member about to be
    saved with any of FACE_FIELDS, as it stands, for member_saved to compare."""
    if instance._state.adding or not isinstance(instance, get_user_model()):
        return
    if update_fields is not None and not FACE_FIELDS.intersection(update_fields):
        return
    row = type(instance)._base_manager.filter(pk=instance.pk).values(*FACE_FIELDS).first()
    instance._faces_before = None if row is None else _faces(row)


def member_saved(sender, instance, created, **kwargs):
    """A post_save receiver (forum.apps): a member's name, avatar or badge changed
    renews FACES. Nothing else does (a sign-in, a new password, a suspension)."""
    before = instance.__dict__.pop("_faces_before", None)
    if created or before is None:
        return
    if before != _faces_of(instance):
        bump(FACES)


def cached_html(name, build, *, tokens, seconds):
    """The HTML `build()` makes, kept in the cache under `name` and the current
    `tokens` (and the stored HTML's, MARKUP) for `seconds`; built afresh when the
    cache fails."""
    return kept(name, build, tokens=[*tokens, MARKUP], seconds=seconds)
