"""RSS and Atom feeds, read with a feed parser as a feed reader would."""

import feedparser
import pytest

from forum import lifecycle
from forum.models import Category, Post
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.django_db

FEEDS = [
    ("/forum/feed/", "rss20"),
    ("/forum/feed/atom/", "atom10"),
]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize(("url", "version"), FEEDS)
def test_the_latest_questions_feed_lists_published_questions_newest_first(client, url, version):
    make_question(title="First question", slug="first")
    make_question(title="Second question", slug="second")

    feed = parse(client, url)

    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["Second question", "First question"]
    assert feed.entries[0].link.startswith("http://testserver/forum/")


@pytest.mark.parametrize("suffix", ["", "atom/"])
@pytest.mark.parametrize(
    "state", [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN, Post.State.REMOVED]
)
def test_no_feed_holds_an_unpublished_question(client, member, state, suffix):
    category = Category.objects.order_by("position").first()
    make_question(title="Published one", category=category, slug="p")
    make_question(author=member, title="Private worry", category=category, state=state)
    client.force_login(member)

    for url in (f"/forum/feed/{suffix}", f"/forum/feed/category/{category.slug}/{suffix}"):
        titles = [entry.title for entry in parse(client, url).entries]
        assert titles == ["Published one"]


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_a_category_feed_holds_only_that_categorys_questions(client, suffix):
    first, last = (
        Category.objects.order_by("position")[0],
        Category.objects.order_by("-position")[0],
    )
    make_question(title="In the first", category=first, slug="a")
    make_question(title="In the last", category=last, slug="b")

    feed = parse(client, f"/forum/feed/category/{last.slug}/{suffix}")

    assert last.name in feed.feed.title
    assert [entry.title for entry in feed.entries] == ["In the last"]


def test_a_feed_of_no_such_category_is_not_found(client, db):
    assert client.get("/forum/feed/category/no-such-category/").status_code == 404


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_a_questions_feed_holds_its_published_replies_only(client, member, moderator, suffix):
    topic = make_question(title="Evenings")
    make_reply(topic=topic, body="Rest helps.")
    make_reply(topic=topic, author=member, body="Waiting for review.", state=Post.State.PENDING)
    hidden = make_reply(topic=topic, body="Hidden by a moderator.")
    lifecycle.change_state(hidden, lifecycle.HIDE, actor=moderator)

    feed = parse(client, f"/forum/feed/question/{topic.pk}/{suffix}")

    assert [entry.summary for entry in feed.entries] == ["<p>Rest helps.</p>"]
    assert "Evenings" in feed.feed.title


def test_a_reply_is_linked_to_the_page_that_shows_it(client, settings):
    settings.ASKWELL_POSTS_PER_PAGE = 2
    topic = make_question(title="Evenings")
    replies = [make_reply(topic=topic, body=f"Reply {n}") for n in range(3)]

    entries = parse(client, f"/forum/feed/question/{topic.pk}/").entries

    assert entries[0].link.endswith(f"?page=2#post-{replies[2].pk}")
    assert entries[-1].link.endswith(f"/#post-{replies[0].pk}")


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN])
def test_an_unpublished_questions_replies_feed_is_not_found(client, member, state):
    topic = make_question(author=member, title="Private", state=state)
    client.force_login(member)

    assert client.get(f"/forum/feed/question/{topic.pk}/").status_code == 404


def test_an_anonymous_askers_name_is_in_no_feed(client, member):
    topic = make_question(author=member, title="Asked anonymously")
    topic.is_anonymous = True
    topic.save(update_fields=["is_anonymous"])
    Post.objects.filter(topic=topic).update(is_anonymous=True)
    make_reply(topic=topic, author=member, body="Thanks all.")
    Post.objects.filter(topic=topic).update(is_anonymous=True)

    for url in ("/forum/feed/", "/forum/feed/atom/", f"/forum/feed/question/{topic.pk}/atom/"):
        content = client.get(url).content.decode()
        assert member.username not in content
        assert "Anonymous member" in content


@pytest.mark.parametrize("pk", ["0", "99999999"])
def test_a_feed_of_no_such_question_is_not_found(client, db, pk):
    assert client.get(f"/forum/feed/question/{pk}/").status_code == 404


def test_the_question_feed_keeps_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    topic = make_question(title="Evenings")
    for n in range(40):
        make_reply(topic=topic, body=f"Reply {n}")

    with django_assert_max_num_queries(5):
        client.get(f"/forum/feed/question/{topic.pk}/")
