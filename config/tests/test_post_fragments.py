"""
A question page's posts as every reader sees them come from the cache
(forum.post_fragments); what each viewer may do to them, and what only some viewers
see, does not. Each test warms the cache with one viewer's page, then checks
another's.
"""

import re

import pytest
from django.test import Client

from forum import answers, asking, editing, post_fragments
from forum.models import Category
from forum.tests.factories import make_question, make_reply, make_trusted_member
from moderation import corrections
from moderation import posts as moderation_posts
from moderation import questions as moderation_questions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["shared cache only", "with each process's own copy"])
def fragment_layers(request, monkeypatch):
    """Every test twice: with the cache alone (as with local memory), and with each
    process's own copy of the fragments and kept values in front of it (as with
    Redis)."""
    alone = request.param == "shared cache only"
    monkeypatch.setattr("forum.post_fragments.shared_is_local", lambda: alone)
    monkeypatch.setattr("articles.generations.shared_is_local", lambda: alone)
    return request.param


def page_for(user, url):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def helpful_pressed(text, post):
    article = re.search(rf'<article [^>]*id="post-{post.pk}".*?</article>', text, re.S).group(0)
    return re.search(r'helpful-button[^"]*" aria-pressed="(\w+)"', article).group(1)


@pytest.fixture
def thread(question):
    return question, make_reply(topic=question, author=make_trusted_member())


def test_a_members_own_helpful_mark_is_shown_to_them_alone(thread, member, other_member):
    topic, reply = thread
    url = topic.get_absolute_url()
    assert helpful_pressed(page_for(other_member, url), reply) == "false"

    answers.mark_helpful(post=reply, member=member)

    assert helpful_pressed(page_for(member, url), reply) == "true"
    assert helpful_pressed(page_for(other_member, url), reply) == "false"
    assert "1 member found this helpful" in page_for(None, url)


def test_an_edit_is_on_every_viewers_next_page(thread, member):
    topic, reply = thread
    url = topic.get_absolute_url()
    assert reply.body in page_for(member, url)

    editing.edit_post(post=reply, editor=reply.author, body="Pacing myself helped most.")

    for viewer in [member, reply.author, None]:
        text = page_for(viewer, url)
        assert "Pacing myself helped most." in text
        assert reply.body not in text


def test_only_the_author_is_offered_the_edit_link(thread, member):
    topic, reply = thread
    url = topic.get_absolute_url()
    edit = f'href="/forum/posts/{reply.pk}/edit/"'
    assert edit not in page_for(member, url)

    assert edit in page_for(reply.author, url)
    assert edit not in page_for(member, url)


def test_moderators_get_their_own_links_and_members_never_do(thread, member, moderator):
    topic, reply = thread
    url = topic.get_absolute_url()
    page_for(member, url)
    add_note = f"/pendingpost/{reply.pk}/note/"

    assert add_note in page_for(moderator, url)
    assert add_note not in page_for(member, url)
    assert add_note not in page_for(None, url)


def test_the_asker_of_an_anonymous_question_alone_is_told_it_is_theirs(member, other_member):
    topic = make_question(author=member, title="A private worry")
    topic.is_anonymous = True
    topic.save(update_fields=["is_anonymous"])
    topic.opening_post.is_anonymous = True
    topic.opening_post.save(update_fields=["is_anonymous"])
    url = topic.get_absolute_url()
    yours = "that’s you: only you and the moderators know"
    assert yours not in page_for(other_member, url)

    text = page_for(member, url)
    assert yours in text
    assert yours not in page_for(other_member, url)
    assert member.username not in page_for(None, url)


def test_a_moderators_note_is_on_every_viewers_next_page(thread, member, moderator):
    topic, reply = thread
    url = topic.get_absolute_url()
    page_for(member, url)

    corrections.add_or_change_note(
        moderator=moderator,
        post=reply,
        text="IVIG is given by a nurse.",
        source_url="https://example.org/ivig",
    )

    assert "IVIG is given by a nurse." in page_for(member, url)
    assert "IVIG is given by a nurse." in page_for(None, url)


def test_a_new_answer_that_helped_is_marked_for_every_viewer(thread, member, other_member):
    topic, reply = thread
    url = topic.get_absolute_url()
    assert "The answer that helped the asker" not in page_for(other_member, url)

    answers.accept_answer(post=reply, member=topic.opening_post.author)

    assert "The answer that helped the asker" in page_for(other_member, url)
    assert "The answer that helped the asker" in page_for(None, url)


def test_a_hidden_question_leaves_other_questions_related_questions(member, moderator):
    topic = make_question(title="Steroids and sleep", slug="a")
    other = make_question(title="Prednisone keeps me awake", slug="b")
    url = topic.get_absolute_url()
    for viewer in [None, member]:
        assert "Prednisone keeps me awake" in page_for(viewer, url)

    moderation_questions.hide_topic(topic=other, moderator=moderator)

    for viewer in [None, member]:
        assert "Prednisone keeps me awake" not in page_for(viewer, url)


def test_a_rejected_reply_leaves_every_viewers_page(thread, member, moderator):
    topic, reply = thread
    url = topic.get_absolute_url()
    assert reply.body in page_for(member, url)

    moderation_posts.reject_post(post=reply, moderator=moderator, reason="Advertising.")

    assert reply.body not in page_for(member, url)
    assert reply.body not in page_for(None, url)


def test_a_members_new_name_is_on_the_next_page(thread, member):
    topic, reply = thread
    url = topic.get_absolute_url()
    page_for(member, url)
    author = reply.author
    author.username = "renamed_rita"
    author.save(update_fields=["username"])

    assert "renamed_rita" in page_for(member, url)


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("the cache is away")

        return fail


def test_a_members_page_is_built_as_usual_while_the_cache_fails(thread, member, monkeypatch):
    topic, reply = thread
    for module in ["forum.post_fragments", "articles.generations"]:
        monkeypatch.setattr(f"{module}.cache", BrokenCache())

    text = page_for(member, topic.get_absolute_url())

    assert reply.body in text
    assert helpful_pressed(text, reply) == "false"


def test_a_moved_question_names_its_new_category_to_members(thread, member, moderator):
    topic, _ = thread
    page_for(member, topic.get_absolute_url())
    new = Category.objects.exclude(pk=topic.category_id).first()

    moved = moderation_questions.move_topic(topic=topic, moderator=moderator, category=new)

    assert new.name in page_for(member, moved.get_absolute_url())


def test_each_members_forms_carry_their_own_csrf_token(thread, member, other_member):
    topic, reply = thread
    url = topic.get_absolute_url()
    page_for(other_member, url)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    text = client.get(url).content.decode()
    form = re.search(rf'<form [^>]*action="/forum/posts/{reply.pk}/helpful/".*?</form>', text, re.S)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)

    response = client.post(
        f"/forum/posts/{reply.pk}/helpful/", {"value": "1", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert helpful_pressed(page_for(member, url), reply) == "true"
    assert helpful_pressed(page_for(other_member, url), reply) == "false"


def structured_data(text):
    return re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)


def test_the_structured_data_follows_new_replies_and_helpful_marks(thread, member):
    topic, reply = thread
    url = topic.get_absolute_url()
    assert '"upvoteCount": 0' in structured_data(page_for(member, url))

    asking.reply(author=make_trusted_member(), topic=topic, body="Warm baths help me.")
    answers.mark_helpful(post=reply, member=member)

    data = structured_data(page_for(member, url))
    assert "Warm baths help me." in data
    assert '"upvoteCount": 1' in data


def test_a_page_shown_again_takes_its_fragments_from_the_process(
    thread, member, monkeypatch, fragment_layers
):
    topic, reply = thread
    url = topic.get_absolute_url()
    page_for(member, url)
    asked = []
    real_get_many = post_fragments.cache.get_many

    def get_many(keys):
        asked.extend(key for key in keys if key.startswith(post_fragments.KEY_PREFIX))
        return real_get_many(keys)

    monkeypatch.setattr(post_fragments.cache, "get_many", get_many)

    assert reply.body in page_for(member, url)

    assert bool(asked) == (fragment_layers == "shared cache only")
