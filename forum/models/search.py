"""A question's full-text search entry (forum.search.index writes it)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicSearchDocument(models.Model):
    """
    What a published question is found by on PostgreSQL: one tsvector of its title (A),
    its opening post (B), the answer that helped (C), its category's name and its other
    published replies (D), GIN-indexed. Only text everyone may read goes in; the
    services that write, edit or change the state of posts rewrite it
    (forum.search.index.reindex_topics). SQLite keeps the same columns in the FTS5
    table forum_topic_fts instead. Its category, answered state and last activity are
    copied here (the same services keep them) so that ranking reads this table alone.
    """

    topic = models.OneToOneField(
        "Topic", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    document = SearchVectorField(null=True)
    # Copied from the question, so that filtering and ordering the matches needs no join.
    category_id = models.IntegerField(_("category"), default=0)
    is_answered = models.BooleanField(_("answered"), default=False)
    last_activity_at = models.DateTimeField(_("last activity"), null=True)

    class Meta:
        db_table = "forum_topic_search"
        verbose_name = _("question search document")

    def __str__(self):
        return str(self.pk)
