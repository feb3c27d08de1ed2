"""
The anonymous page cache (config.pagecache): readers without a session get stored
pages, and each change they would notice is on the next anonymous reader's page.
Each test fetches a page as a reader, changes what it shows the way the site does
(a service, a moderator's form, the import command), and fetches it again.
"""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import MemberFactory
from articles.content import CONTENT_DIR
from articles.models import Article
from forum import asking, editing, flags
from forum.models import Category, Flag, Post
from forum.tests.factories import make_question, make_reply, make_trusted_member
from moderation import posts as moderation_posts
from moderation import questions as moderation_questions

pytestmark = pytest.mark.django_db


def read(url, **headers):
    """What a new reader (no cookies) gets at `url`, with the response."""
    response = Client().get(url, **headers)
    return response, response.content.decode()


def built(response):
    """Whether the page was built for this request (a template rendered), not given
    back from the page cache."""
    return bool(response.templates)


def read_twice(url, django_assert_num_queries):
    """A reader's page, and proof that the next reader's came from the cache."""
    first, text = read(url)
    assert first.status_code == 200
    assert built(first)
    with django_assert_num_queries(0):
        second, again = read(url)
    assert again == text
    assert not built(second)
    return text


@pytest.fixture
def topic(question):
    return question


def test_a_second_reader_gets_the_stored_page_without_a_query(
    topic, article, django_assert_num_queries
):
    for url in [
        reverse("home"),
        reverse("forum:index"),
        topic.category.get_absolute_url(),
        topic.get_absolute_url(),
        reverse("articles:list"),
        article.get_absolute_url(),
    ]:
        read_twice(url, django_assert_num_queries)


def test_a_stored_page_keeps_its_headers_and_says_it_varies_by_cookie(topic):
    first, _ = read(topic.get_absolute_url())
    second, _ = read(topic.get_absolute_url())
    assert "Cookie" in second["Vary"]
    for header in ["Content-Security-Policy", "X-Frame-Options", "Content-Type"]:
        assert second[header] == first[header]


def test_a_head_request_gets_the_stored_headers_without_a_body(topic, django_assert_num_queries):
    read_twice(topic.get_absolute_url(), django_assert_num_queries)
    with django_assert_num_queries(0):
        response = Client().head(topic.get_absolute_url())
    assert response.status_code == 200
    assert response.content == b""


def test_a_published_reply_is_on_the_next_readers_page(
    topic, always_review_member, moderator, django_assert_num_queries
):
    pending = make_reply(topic=topic, body="Magnesium at night helped me.", state="pending")
    assert "Magnesium" not in read_twice(topic.get_absolute_url(), django_assert_num_queries)

    moderation_posts.approve_post(post=pending, moderator=moderator)

    assert "Magnesium at night helped me." in read(topic.get_absolute_url())[1]


def test_a_moderators_approval_in_the_thread_is_on_the_next_readers_page(
    topic, moderator_client, django_assert_num_queries
):
    pending = make_reply(topic=topic, body="Magnesium at night helped me.", state="pending")
    assert "Magnesium" not in read_twice(topic.get_absolute_url(), django_assert_num_queries)
    home = read_twice(reverse("home"), django_assert_num_queries)

    response = moderator_client.post(reverse("moderation:post-approve", args=[pending.pk]))

    assert response.status_code == 302
    assert "Magnesium at night helped me." in read(topic.get_absolute_url())[1]
    # The list shows one reply more.
    assert read(reverse("home"))[1] != home


def test_a_question_published_at_once_is_on_the_next_readers_lists(
    topic, django_assert_num_queries
):
    category = topic.category
    for url in [reverse("home"), category.get_absolute_url(), reverse("forum:index")]:
        read_twice(url, django_assert_num_queries)

    asking.ask_question(
        author=make_trusted_member(),
        category=category,
        title="Does anyone else get cramps at night?",
        body="Every night this week, in both calves.",
    )

    assert "Does anyone else get cramps at night?" in read(reverse("home"))[1]
    assert "Does anyone else get cramps at night?" in read(category.get_absolute_url())[1]


def test_a_reply_published_at_once_is_on_the_next_readers_page(topic, django_assert_num_queries):
    read_twice(topic.get_absolute_url(), django_assert_num_queries)

    asking.reply(author=make_trusted_member(), topic=topic, body="Warm baths help me.")

    assert "Warm baths help me." in read(topic.get_absolute_url())[1]


def test_an_edited_reply_is_on_the_next_readers_page(topic, django_assert_num_queries):
    # By a member whose edits are published at once.
    reply = make_reply(topic=topic, author=make_trusted_member())
    assert reply.body in read_twice(topic.get_absolute_url(), django_assert_num_queries)

    editing.edit_post(post=reply, editor=reply.author, body="Gentle stretching helped me most.")

    text = read(topic.get_absolute_url())[1]
    assert "Gentle stretching helped me most." in text
    assert reply.body not in text


def test_an_edited_question_title_is_on_the_next_readers_lists(django_assert_num_queries):
    topic = make_question(author=make_trusted_member())
    opening = topic.opening_post
    category_url = topic.category.get_absolute_url()
    assert topic.title in read_twice(category_url, django_assert_num_queries)

    editing.edit_post(
        post=opening, editor=opening.author, body=opening.body, title="Recovery after a flare"
    )

    assert "Recovery after a flare" in read(category_url)[1]
    assert "Recovery after a flare" in read(reverse("home"))[1]


def test_a_reply_hidden_by_members_flags_leaves_the_next_readers_page(
    topic, reply, three_flags_hide, django_assert_num_queries
):
    assert reply.body in read_twice(topic.get_absolute_url(), django_assert_num_queries)

    for _ in range(3):
        flags.flag_post(post=reply, flagger=make_trusted_member(), reason=Flag.Reason.SPAM)

    assert Post.objects.get(pk=reply.pk).state == Post.State.HIDDEN
    assert reply.body not in read(topic.get_absolute_url())[1]


def test_a_reply_hidden_by_a_moderator_leaves_the_next_readers_page(
    topic, reply, moderator, django_assert_num_queries
):
    assert reply.body in read_twice(topic.get_absolute_url(), django_assert_num_queries)

    moderation_posts.hide_post(post=reply, moderator=moderator)

    assert reply.body not in read(topic.get_absolute_url())[1]


def test_a_reply_rejected_by_a_moderator_leaves_the_next_readers_page(
    topic, reply, moderator, django_assert_num_queries
):
    assert reply.body in read_twice(topic.get_absolute_url(), django_assert_num_queries)

    moderation_posts.reject_post(post=reply, moderator=moderator, reason="Advertising.")

    assert reply.body not in read(topic.get_absolute_url())[1]


def test_a_reply_removed_by_its_author_leaves_the_next_readers_page(
    topic, reply, django_assert_num_queries
):
    assert reply.body in read_twice(topic.get_absolute_url(), django_assert_num_queries)

    editing.remove_post(post=reply, member=reply.author)

    text = read(topic.get_absolute_url())[1]
    assert reply.body not in text
    assert "Removed by its author." in text


def test_a_hidden_question_leaves_the_next_readers_lists_and_its_page(
    topic, moderator, django_assert_num_queries
):
    url, category_url = topic.get_absolute_url(), topic.category.get_absolute_url()
    read_twice(url, django_assert_num_queries)
    assert topic.title in read_twice(category_url, django_assert_num_queries)

    moderation_questions.hide_topic(topic=topic, moderator=moderator)

    assert read(url)[0].status_code == 404
    assert topic.title not in read(category_url)[1]
    assert topic.title not in read(reverse("home"))[1]


def test_a_moved_question_leaves_its_old_category_and_joins_the_new_one(
    topic, moderator, django_assert_num_queries
):
    old = topic.category
    new = Category.objects.exclude(pk=old.pk).first()
    old_url = topic.get_absolute_url()
    read_twice(old_url, django_assert_num_queries)
    assert topic.title in read_twice(old.get_absolute_url(), django_assert_num_queries)
    assert topic.title not in read_twice(new.get_absolute_url(), django_assert_num_queries)

    moved = moderation_questions.move_topic(topic=topic, moderator=moderator, category=new)

    assert topic.title not in read(old.get_absolute_url())[1]
    assert topic.title in read(new.get_absolute_url())[1]
    response, _ = read(old_url)
    assert response.status_code == 301
    assert response["Location"] == moved.get_absolute_url()
    assert new.name in read(moved.get_absolute_url())[1]


def test_a_locked_question_says_so_to_the_next_reader(topic, moderator, django_assert_num_queries):
    assert "This question is locked" not in read_twice(
        topic.get_absolute_url(), django_assert_num_queries
    )

    moderation_questions.lock_topic(topic=topic, moderator=moderator)

    assert "This question is locked" in read(topic.get_absolute_url())[1]


def test_a_merged_question_sends_the_next_reader_to_the_question_it_joined(
    topic, moderator, django_assert_num_queries
):
    duplicate = make_question(
        title="What is recovery like?", body="A duplicate with its own words.", slug="duplicate"
    )
    read_twice(duplicate.get_absolute_url(), django_assert_num_queries)
    assert "A duplicate with its own words." not in read_twice(
        topic.get_absolute_url(), django_assert_num_queries
    )

    moderation_questions.merge_topic(topic=duplicate, into=topic, moderator=moderator)

    response, _ = read(duplicate.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == topic.get_absolute_url()
    assert "A duplicate with its own words." in read(topic.get_absolute_url())[1]
    assert "What is recovery like?" not in read(duplicate.category.get_absolute_url())[1]


def test_a_reimported_article_is_on_the_next_readers_pages(tmp_path, django_assert_num_queries):
    for path in CONTENT_DIR.glob("*.md"):
        shutil.copy(path, tmp_path / path.name)
    call_command("import_articles", dir=tmp_path, stdout=StringIO())
    article = Article.objects.get(slug="necrotizing-myopathy")
    url = article.get_absolute_url()
    asked = make_question(article=article, title="Is this article for me?").get_absolute_url()
    member = MemberFactory()
    signed_in = Client()
    signed_in.force_login(member)
    assert "Necrotizing autoimmune myopathy" not in read_twice(url, django_assert_num_queries)
    read_twice(reverse("articles:list"), django_assert_num_queries)
    read_twice(reverse("home"), django_assert_num_queries)
    read_twice(asked, django_assert_num_queries)
    signed_in.get(asked)
    path = tmp_path / "necrotizing-myopathy.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Necrotizing myopathy", "title: Necrotizing autoimmune myopathy"
        ),
        encoding="utf-8",
    )

    call_command("import_articles", dir=tmp_path, stdout=StringIO())

    for page in [url, reverse("articles:list"), reverse("home"), asked]:
        assert "Necrotizing autoimmune myopathy" in read(page)[1]
    # The question's page names the article it was asked about, to members too.
    assert "Necrotizing autoimmune myopathy" in signed_in.get(asked).content.decode()


def test_a_question_asked_about_an_article_is_on_the_articles_next_page(
    article, moderator, django_assert_num_queries
):
    asked = make_question(article=article, state="pending", title="Is this article for me?")
    assert asked.title not in read_twice(article.get_absolute_url(), django_assert_num_queries)

    moderation_posts.approve_post(post=asked.opening_post, moderator=moderator)

    assert asked.title in read(article.get_absolute_url())[1]


def test_a_signed_in_member_never_gets_a_readers_page(topic, client, member):
    read(topic.get_absolute_url())
    client.force_login(member)

    text = client.get(topic.get_absolute_url()).content.decode()

    assert "Sign out" in text
    assert member.username in text


def test_a_members_page_is_never_given_to_a_reader(topic, client, member):
    client.force_login(member)
    members = client.get(topic.get_absolute_url())
    assert "Sign out" in members.content.decode()
    assert "private" in members["Cache-Control"]

    text = read(topic.get_absolute_url())[1]

    assert "Sign out" not in text
    assert member.username not in text


def test_a_reader_with_a_session_is_not_given_a_stored_page(
    topic, client, django_assert_max_num_queries
):
    read(topic.get_absolute_url())
    # A visitor whose session holds what they typed before signing in.
    session = client.session
    session["forum_ask_draft"] = {"typed": {"body": "Hello"}, "at": 0, "path": "/"}
    session.save()

    with django_assert_max_num_queries(50) as queries:
        client.get(topic.get_absolute_url())

    assert len(queries) > 0


def test_a_page_with_made_up_query_parameters_is_not_stored(topic):
    url = topic.get_absolute_url() + "?utm_source=news"
    read(url)
    response, _ = read(url)
    assert built(response)


def test_a_not_found_page_is_not_stored(topic, django_assert_max_num_queries):
    url = topic.category.get_absolute_url() + f"{topic.pk + 1000}-nothing/"
    assert read(url)[0].status_code == 404
    with django_assert_max_num_queries(50) as queries:
        assert read(url)[0].status_code == 404
    assert len(queries) > 0


def test_the_sort_order_and_page_are_stored_apart(topic, django_assert_num_queries):
    for n in range(3):
        make_reply(topic=topic, body=f"Reply {n}", author=MemberFactory())
    oldest = read_twice(topic.get_absolute_url() + "?sort=oldest", django_assert_num_queries)
    helpful = read_twice(topic.get_absolute_url() + "?sort=helpful", django_assert_num_queries)
    assert oldest != helpful


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("the cache is away")

        return fail


def test_pages_are_built_as_usual_while_the_cache_fails(topic, monkeypatch, caplog):
    monkeypatch.setattr("config.pagecache.cache", BrokenCache())
    monkeypatch.setattr("articles.generations.cache", BrokenCache())

    for _ in range(2):
        response, text = read(topic.get_absolute_url())
        assert response.status_code == 200
        assert topic.title in text


def test_a_reader_with_a_message_waiting_is_not_given_a_stored_page(topic):
    read(topic.get_absolute_url())
    reader = Client()
    reader.cookies["messages"] = "a-message-for-this-reader"

    assert built(reader.get(topic.get_absolute_url()))


def test_a_reader_who_has_only_a_csrf_cookie_gets_the_stored_page(topic, django_assert_num_queries):
    read_twice(topic.get_absolute_url(), django_assert_num_queries)
    reader = Client()
    reader.cookies["csrftoken"] = "x" * 32

    with django_assert_num_queries(0):
        response = reader.get(topic.get_absolute_url())

    assert response.status_code == 200
    assert "csrftoken" not in response.cookies


class SetsACookie:
    """A page (or a middleware after the cache) that sets a cookie on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.set_cookie("seen", "1")
        return response


def test_a_page_that_sets_a_cookie_is_not_stored(topic, settings):
    cache_at = settings.MIDDLEWARE.index("config.pagecache.AnonymousPageCacheMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: cache_at + 1],
        f"{__name__}.SetsACookie",
        *settings.MIDDLEWARE[cache_at + 1 :],
    ]
    read(topic.get_absolute_url())

    response, _ = read(topic.get_absolute_url())

    assert built(response)
    assert response.cookies["seen"].value == "1"


def test_a_request_for_another_host_is_refused_not_looked_up(topic, caplog):
    response = Client().get(topic.get_absolute_url(), headers={"host": "evil.example"})

    assert response.status_code == 400
    assert "page cache" not in caplog.text
