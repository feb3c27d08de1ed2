"""
Deleting a member's account (config.privacy.deletion), in each mode: afterwards no text
column of any table, and no file in the media or export storage, holds their e-mail
address, username or bio; threads, answers that helped, helpful counts and counters
stay right; the moderation log names them by a pseudonym.
"""

import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.test import Client

from accounts.tests.factories import MemberFactory
from config.privacy.deletion import delete_member
from config.tests.footprint import BIO, EMAIL, OLD_EMAIL, USERNAME, make_footprint
from forum.models import Category, ModerationEvent, Post, Topic
from forum.tests.factories import make_reply

TEXT_FIELDS = (
    models.CharField,
    models.TextField,
    models.EmailField,
    models.SlugField,
    models.URLField,
    models.JSONField,
    models.FileField,
    models.GenericIPAddressField,
)
NEEDLES = (USERNAME, EMAIL, OLD_EMAIL, BIO)
IN_EACH_MODE = pytest.mark.parametrize(
    "deleted", [False, True], ids=["remove posts", "keep posts"], indirect=True
)
REMOVING_POSTS = pytest.mark.parametrize("deleted", [False], ids=["remove posts"], indirect=True)
KEEPING_POSTS = pytest.mark.parametrize("deleted", [True], ids=["keep posts"], indirect=True)


def rows_mentioning(needle):
    """(table, column) of every row, in every model's table, whose text holds `needle`."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            rows = model._default_manager.annotate(
                _as_text=Cast(field.attname, TextField())
            ).filter(Q(_as_text__icontains=needle))
            if rows.exists():
                found.append((model._meta.db_table, field.column))
    return found


def _contents(path):
    """A file's bytes, and those of each member when it is a zip archive."""
    yield path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                yield name.encode() + b"\n" + archive.read(name)


def files_mentioning(root, needle):
    """Files under `root` whose name or contents hold `needle`."""
    lowered = needle.lower().encode()
    return [
        str(path)
        for path in Path(root).rglob("*")
        if path.is_file()
        and (
            lowered in str(path).lower().encode()
            or any(lowered in content.lower() for content in _contents(path))
        )
    ]


@pytest.fixture
def footprint(moderator, client):
    return make_footprint(moderator=moderator, client=client)


@pytest.fixture
def deleted(footprint, request, django_capture_on_commit_callbacks):
    """The footprint, after `zelda_quill` deleted her account in the mode the test's
    `keep_posts` parameter says."""
    with django_capture_on_commit_callbacks(execute=True):
        footprint.pseudonym = delete_member(member=footprint.leaver, keep_posts=request.param)
    return footprint


def test_the_footprint_holds_the_members_name_address_and_bio_everywhere(footprint, media_root):
    """The search below finds what it looks for: before deletion it is everywhere."""
    assert ("accounts_user", "username") in rows_mentioning(USERNAME)
    assert ("account_emailaddress", "email") in rows_mentioning(OLD_EMAIL)
    assert ("accounts_user", "bio") in rows_mentioning(BIO)
    assert ("forum_moderationevent", "reason") in rows_mentioning(USERNAME)
    assert ("django_admin_log", "change_message") in rows_mentioning(EMAIL)
    assert files_mentioning(media_root, BIO), "the export holds the bio"


@pytest.mark.parametrize(
    "deleted", [False, True], ids=["remove posts", "keep posts"], indirect=True
)
@pytest.mark.parametrize("needle", NEEDLES)
def test_no_table_holds_the_deleted_members_details(deleted, needle):
    assert rows_mentioning(needle) == []


@pytest.mark.parametrize(
    "deleted", [False, True], ids=["remove posts", "keep posts"], indirect=True
)
@pytest.mark.parametrize("needle", NEEDLES)
def test_no_stored_file_holds_the_deleted_members_details(deleted, media_root, needle):
    assert files_mentioning(media_root, needle) == []


@pytest.mark.parametrize(
    "deleted", [False, True], ids=["remove posts", "keep posts"], indirect=True
)
def test_the_avatar_and_export_files_are_deleted(deleted, media_root):
    assert [path for path in Path(media_root).rglob("*") if path.is_file()] == []


@pytest.mark.parametrize(
    "deleted", [False, True], ids=["remove posts", "keep posts"], indirect=True
)
def test_the_account_is_gone(deleted):
    assert not get_user_model().objects.filter(pk=deleted.leaver.pk).exists()


@pytest.mark.parametrize(
    "deleted", [False, True], ids=["remove posts", "keep posts"], indirect=True
)
def test_the_moderation_log_names_the_member_by_one_pseudonym(deleted):
    about_them = ModerationEvent.objects.filter(member_pseudonym=deleted.pseudonym)
    assert about_them.count() >= 3  # the rejection, the suspension and its lifting
    assert set(about_them.values_list("member", flat=True)) == {None}
    suspension = about_them.get(action=ModerationEvent.Action.SUSPEND)
    assert suspension.reason == f"{deleted.pseudonym} was rude"
    assert suspension.moderator == deleted.moderator


@REMOVING_POSTS
def test_removing_everything_erases_their_posts_text(deleted):
    assert not Post.objects.filter(author__isnull=True).exclude(body="").exists()
    assert Post.objects.filter(pk=deleted.their_reply.pk, state=Post.State.REMOVED).exists()


@REMOVING_POSTS
def test_a_question_nobody_else_wrote_in_goes_entirely(deleted):
    assert not Topic.objects.filter(pk=deleted.their_lonely_question.pk).exists()
    assert not Topic.objects.filter(pk=deleted.their_anonymous_question.pk).exists()


@REMOVING_POSTS
def test_others_replies_keep_the_removed_questions_thread_readable(deleted, client):
    topic = Topic.objects.get(pk=deleted.their_question.pk)
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert "Yes, I wrap up well." in response.text
    assert "Does cold weather" not in response.text


@REMOVING_POSTS
def test_removing_everything_keeps_answers_helpful_counts_and_counters_right(deleted):
    others_question = Topic.objects.get(pk=deleted.others_question.pk)
    their_question = Topic.objects.get(pk=deleted.their_question.pk)
    others_reply = Post.objects.get(pk=deleted.others_reply.pk)
    # Her reply was the answer that helped on other's question: it is gone, so is that.
    assert others_question.accepted_answer is None
    assert others_question.reply_count == 1  # other's own reply stays
    # Other's reply to her question stays the answer that helped, without her mark.
    assert their_question.accepted_answer_id == others_reply.pk
    assert their_question.reply_count == 1
    assert others_reply.helpful_count == 0
    category = Category.objects.get(pk=others_question.category_id)
    assert category.question_count == 1  # only other's question is published now
    assert category.reply_count == 1


@KEEPING_POSTS
def test_keeping_posts_signs_them_former_member(deleted, client):
    reply = Post.objects.get(pk=deleted.their_reply.pk)
    assert reply.author is None
    assert reply.state == Post.State.APPROVED
    response = client.get(reply.topic.get_absolute_url())
    assert "Former member" in response.text
    assert "Short walks, often, and rests between." in response.text


@KEEPING_POSTS
def test_keeping_posts_keeps_answers_helpful_counts_and_counters_right(deleted):
    others_question = Topic.objects.get(pk=deleted.others_question.pk)
    assert others_question.accepted_answer_id == deleted.their_reply.pk
    assert Post.objects.get(pk=deleted.their_reply.pk).helpful_count == 1
    assert Post.objects.get(pk=deleted.others_reply.pk).helpful_count == 0
    assert others_question.reply_count == 2
    category = Category.objects.get(pk=others_question.category_id)
    assert category.question_count == 4  # hers (three, one anonymous) and other's


@KEEPING_POSTS
def test_keeping_posts_still_removes_what_was_never_published(deleted):
    pending = Post.objects.get(pk=deleted.their_pending_reply.pk)
    assert pending.state == Post.State.REMOVED
    assert pending.body == ""


@pytest.mark.parametrize("keep_posts", [True, False])
def test_no_page_kept_for_visitors_names_the_deleted_member(
    footprint, keep_posts, django_capture_on_commit_callbacks
):
    visitor = Client()
    url = footprint.their_reply.topic.get_absolute_url()
    assert USERNAME in visitor.get(url).text
    # The page is now kept for visitors: a change made behind the forum's back is not
    # on it.
    Post.objects.filter(pk=footprint.their_reply.pk).update(body_html="<p>Changed.</p>")
    assert "Changed." not in visitor.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        delete_member(member=footprint.leaver, keep_posts=keep_posts)

    assert USERNAME not in visitor.get(url).text


def test_a_member_with_only_published_posts_is_not_named_in_kept_pages(
    question, django_capture_on_commit_callbacks
):
    leaver = MemberFactory(username="quiet_quentin")
    make_reply(topic=question, author=leaver, body="Rest helped me a little, slowly.")
    visitor = Client()
    url = question.get_absolute_url()
    assert "quiet_quentin" in visitor.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        delete_member(member=leaver, keep_posts=True)

    page = visitor.get(url).text
    assert "quiet_quentin" not in page
    assert "Former member" in page
