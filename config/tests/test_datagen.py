"""The generated forum (manage.py generate_forum) is one forum.lifecycle could have
made: counters match the posts, marks match the counts, and its pages open."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum

from config.datagen import BUSY_TITLE
from forum.models import Category, HelpfulVote, Post, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    out = StringIO()
    call_command(
        "generate_forum",
        members=30,
        questions=60,
        replies=400,
        busy_replies=40,
        inbox=50,
        stdout=out,
    )
    return out.getvalue()


def test_it_writes_what_it_was_asked_for_and_says_so(generated):
    assert Topic.objects.count() == 60
    assert Post.objects.count() == 60 + 400
    assert "30 members, 60 questions, 400 replies" in generated


def test_each_questions_reply_count_is_its_published_replies(generated):
    topics = Topic.objects.annotate(
        published=Count("posts", filter=Q(posts__state=Post.State.APPROVED))
    ).select_related("opening_post")
    for topic in topics:
        opening = 1 if topic.opening_post.state == Post.State.APPROVED else 0
        assert topic.reply_count == topic.published - opening, topic.pk


def test_each_categorys_counts_are_its_published_questions_and_replies(generated):
    for category in Category.objects.all():
        published = Topic.objects.filter(category=category, opening_post__state="approved")
        assert category.question_count == published.count()
        assert category.reply_count == (published.aggregate(n=Sum("reply_count"))["n"] or 0)


def test_helpful_counts_match_the_marks(generated):
    assert Post.objects.aggregate(n=Sum("helpful_count"))["n"] == HelpfulVote.objects.count()


def test_answers_that_helped_are_published_replies_by_someone_else(generated):
    for topic in Topic.objects.filter(accepted_answer__isnull=False).select_related(
        "accepted_answer", "opening_post"
    ):
        assert topic.accepted_answer.state == Post.State.APPROVED
        assert topic.accepted_answer.author_id != topic.opening_post.author_id


def test_running_it_again_adds_to_the_forum(generated):
    call_command("generate_forum", members=5, questions=5, replies=10, stdout=StringIO())

    assert Topic.objects.count() == 65


def test_the_busy_question_opens(client, generated):
    busy = Topic.objects.get(title=BUSY_TITLE)

    assert client.get(busy.get_absolute_url()).status_code == 200
