"""The forum's data migrations: what they leave in the database."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

from accounts.services import MODERATORS_GROUP
from forum.models import Category, Post
from forum.tests.factories import make_question, make_reply


def test_the_counter_migration_counts_what_was_already_published(member, category):
    migration = importlib.import_module(
        "forum.migrations.0004_category_counters_topic_activity_index"
    )
    published = make_question(category=category)
    make_reply(topic=published)
    make_reply(topic=published, state=Post.State.PENDING)
    make_question(author=member, category=category, state=Post.State.PENDING)
    Category.objects.update(question_count=0, reply_count=0, last_activity_at=None)

    migration.count_published(apps, schema_editor=None)

    category.refresh_from_db()
    published.refresh_from_db()
    assert (category.question_count, category.reply_count) == (1, 1)
    assert category.last_activity_at == published.last_activity_at
    assert Category.objects.exclude(pk=category.pk).filter(question_count__gt=0).count() == 0


def test_the_moderators_group_has_exactly_the_permissions_moderating_needs(db):
    group = Group.objects.get(name=MODERATORS_GROUP)

    permissions = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    assert permissions == {
        "forum.moderate_post",
        "forum.view_topic",
        "accounts.view_member",
        "accounts.change_member",
    }
