"""
Every page makes a fixed number of queries, whatever the amount of data. Each bound
is the same for 5 and for 50 items, so one query per item would break it.

Bounds for an anonymous visitor; a signed-in member adds the session, user and
unread-notification queries, and pages with a reply form one more for the e-mail
verification check and one for the member's reply draft. On a question's page, what
the member did there is three small queries of its own: their helpful marks and open
flags on the posts shown, and whether they follow the question.
"""

import pytest

from accounts.tests.factories import MemberFactory
from forum.models import (
    CategorySubscription,
    Flag,
    HelpfulVote,
    Post,
    Topic,
    TopicSubscription,
)
from forum.search.index import reindex_topic
from forum.tests.factories import make_question, make_reply

SIZES = [5, 50]
ANONYMOUS, MEMBER = "anonymous", "member"


def make_questions(count, **kwargs):
    # Each by its own author, so that authors cannot be fetched once for all.
    return [
        make_question(
            author=MemberFactory(), title=f"Question number {n:02d} about recovery", **kwargs
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("size", SIZES)
# One of them lists the related questions (the search engine's, in one query).
@pytest.mark.parametrize(("role", "bound"), [(ANONYMOUS, 3), (MEMBER, 11)])
def test_the_question_page_makes_a_fixed_number_of_queries(
    sign_in, django_assert_max_num_queries, question, member, role, bound, size
):
    for _ in range(size):
        make_reply(topic=question, author=MemberFactory())
    make_reply(topic=question, author=member, state=Post.State.PENDING)
    client = sign_in(role)

    with django_assert_max_num_queries(bound):
        response = client.get(question.get_absolute_url())

    assert response.status_code == 200
    assert response.context["page"].paginator.count == size + (role == MEMBER)


def busy_thread(question, member, size):
    """Replies, each marked helpful and flagged by its own members, the viewer's own
    marks and flags on some, an answer that helped, and followers."""
    replies = [make_reply(topic=question, author=MemberFactory(), index=False) for _ in range(size)]
    reindex_topic(question)
    for reply in replies:
        voter = MemberFactory()
        HelpfulVote.objects.create(post=reply, member=voter)
        Flag.objects.create(post=reply, flagger=voter, reason=Flag.Reason.SPAM)
        TopicSubscription.objects.create(topic=question, member=voter)
    for reply in replies[::2]:
        HelpfulVote.objects.create(post=reply, member=member)
        Flag.objects.create(post=reply, flagger=member, reason=Flag.Reason.ABUSE)
    TopicSubscription.objects.create(topic=question, member=member)
    Topic.objects.filter(pk=question.pk).update(accepted_answer=replies[-1])
    return replies


@pytest.mark.parametrize("size", SIZES)
# One of them lists the related questions.
@pytest.mark.parametrize(("role", "bound"), [(ANONYMOUS, 3), (MEMBER, 11)])
@pytest.mark.parametrize("sort", ["oldest", "helpful"])
def test_a_busy_question_page_makes_a_fixed_number_of_queries(
    sign_in, django_assert_max_num_queries, question, member, role, bound, size, sort
):
    replies = busy_thread(question, member, size)
    client = sign_in(role)

    with django_assert_max_num_queries(bound):
        response = client.get(question.get_absolute_url(), {"sort": sort})

    assert response.status_code == 200
    assert response.context["accepted_answer"] == replies[-1]
    assert response.context["following"] is (role == MEMBER)
    shown = list(response.context["page"].object_list)
    mine = {reply.pk for reply in replies[::2] if reply in shown} if role == MEMBER else set()
    assert {post.pk for post in shown if post.helpful_by_me} == mine
    assert {post.pk for post in shown if post.flagged_by_me} == mine


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("role", "bound"), [(ANONYMOUS, 3), (MEMBER, 6)])
def test_a_followed_category_with_answered_questions_makes_a_fixed_number_of_queries(
    sign_in, django_assert_max_num_queries, category, member, role, bound, size
):
    for topic in make_questions(size, category=category):
        reply = make_reply(topic=topic)
        Topic.objects.filter(pk=topic.pk).update(accepted_answer=reply)
    CategorySubscription.objects.create(category=category, member=member)
    client = sign_in(role)

    with django_assert_max_num_queries(bound):
        response = client.get(category.get_absolute_url(), {"show": "unanswered"})

    assert response.status_code == 200
    assert response.context["following_category"] is (role == MEMBER)
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("role", "bound"), [(ANONYMOUS, 3), (MEMBER, 6)])
def test_the_category_page_makes_a_fixed_number_of_queries(
    sign_in, django_assert_max_num_queries, category, member, role, bound, size
):
    make_questions(size, category=category)
    make_question(author=member, category=category, state=Post.State.PENDING)
    client = sign_in(role)

    with django_assert_max_num_queries(bound):
        response = client.get(category.get_absolute_url())

    assert response.status_code == 200
    assert response.context["page"].paginator.count == size + (role == MEMBER)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("role", "bound"), [(ANONYMOUS, 1), (MEMBER, 4)])
def test_the_forum_index_makes_a_fixed_number_of_queries(
    sign_in, django_assert_max_num_queries, category, role, bound, size
):
    for topic in make_questions(size, category=category):
        make_reply(topic=topic)
    client = sign_in(role)

    with django_assert_max_num_queries(bound):
        response = client.get("/forum/")

    assert response.status_code == 200
    row = next(c for c in response.context["categories"] if c.pk == category.pk)
    assert (row.question_count, row.reply_count) == (size, size)


@pytest.mark.parametrize("size", SIZES)
# One of them lists questions like the article.
@pytest.mark.parametrize(("role", "bound"), [(ANONYMOUS, 3), (MEMBER, 6)])
def test_the_article_page_makes_a_fixed_number_of_queries(
    sign_in, django_assert_max_num_queries, article, role, bound, size
):
    make_questions(size, article=article)
    client = sign_in(role)

    with django_assert_max_num_queries(bound):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["questions"]) == min(size, 10)
