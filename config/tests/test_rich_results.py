"""What search engines and link previews read: JSON-LD checked against the fields
Google documents for QAPage and Article (required and recommended), OpenGraph tags,
canonical addresses, descriptions and the sitemap."""

import json
import re
from xml.etree import ElementTree

import html5lib
import pytest
from django.conf import settings
from django.template import Context, Template

from articles.tests.factories import ArticleFactory
from forum import answers
from forum.models import Post, Topic
from forum.tests.factories import make_question, make_reply
from moderation import posts as moderation_posts

pytestmark = pytest.mark.django_db

# https://developers.google.com/search/docs/appearance/structured-data/qapage
QUESTION_REQUIRED = {"name", "answerCount", "author", "datePublished"}
QUESTION_RECOMMENDED = {"text", "upvoteCount", "dateModified", "url"}
ANSWER_REQUIRED = {"text", "author", "datePublished"}
ANSWER_RECOMMENDED = {"upvoteCount", "url"}
# https://developers.google.com/search/docs/appearance/structured-data/article
# (all recommended; "image" is left out: articles have no images yet)
ARTICLE_RECOMMENDED = {"headline", "datePublished", "dateModified", "author"}


def document(response):
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def structured_data(response):
    scripts = [
        el for el in document(response).iter("script") if el.get("type") == "application/ld+json"
    ]
    return [json.loads(el.text) for el in scripts]


def meta(response, name):
    for el in document(response).iter("meta"):
        if name in (el.get("property"), el.get("name")):
            return el.get("content")
    return None


def canonical(response):
    links = [el for el in document(response).iter("link") if el.get("rel") == "canonical"]
    assert len(links) == 1
    return links[0].get("href")


@pytest.fixture
def answered(member, other_member):
    topic = make_question(author=member, title="Does IVIG help?", body="My CK is high.")
    accepted = make_reply(topic=topic, author=other_member, body="It helped me in a month.")
    make_reply(topic=topic, body="Ask your neurologist.")
    answers.accept_answer(post=accepted, member=member)
    return topic


def test_a_question_page_is_a_qapage_with_google_fields(client, answered, member):
    (data,) = structured_data(client.get(answered.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "QAPage"
    question = data["mainEntity"]
    assert question["@type"] == "Question"
    assert question.keys() >= QUESTION_REQUIRED | QUESTION_RECOMMENDED
    assert question["name"] == "Does IVIG help?"
    assert question["answerCount"] == 2
    assert question["author"] == {
        "@type": "Person",
        "name": member.username,
        "url": f"{settings.SITE_URL}/members/{member.username}/",
    }
    for answer in [question["acceptedAnswer"], *question["suggestedAnswer"]]:
        assert answer["@type"] == "Answer"
        assert answer.keys() >= ANSWER_REQUIRED | ANSWER_RECOMMENDED
        assert answer["author"]["name"]
    assert question["acceptedAnswer"]["text"] == "It helped me in a month."
    assert [a["text"] for a in question["suggestedAnswer"]] == ["Ask your neurologist."]


def test_unpublished_and_hidden_replies_are_not_in_the_structured_data(
    client, answered, member, moderator
):
    make_reply(topic=answered, author=member, body="My own pending reply.", state="pending")
    hidden = make_reply(topic=answered, body="A hidden reply.")
    moderation_posts.hide_post(post=hidden, moderator=moderator)
    client.force_login(member)

    (data,) = structured_data(client.get(answered.get_absolute_url()))

    texts = [a["text"] for a in data["mainEntity"]["suggestedAnswer"]]
    assert texts == ["Ask your neurologist."]


@pytest.mark.parametrize("state", [Post.State.PENDING, Post.State.REJECTED])
def test_an_unpublished_question_has_no_structured_data_even_for_its_author(client, member, state):
    topic = make_question(author=member, title="Private worry", state=state)
    client.force_login(member)

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    assert structured_data(response) == []


def test_an_anonymous_askers_name_is_not_in_the_structured_data(client, member):
    topic = make_question(author=member, title="Asked anonymously")
    Post.objects.filter(topic=topic).update(is_anonymous=True)

    response = client.get(topic.get_absolute_url())

    (data,) = structured_data(response)
    assert data["mainEntity"]["author"] == {"@type": "Person", "name": "Anonymous member"}
    assert member.username not in json.dumps(data)


def test_a_hostile_title_stays_inside_the_structured_data(client, moderator):
    title = "</script><script>alert(1)</script> Is this normal?"
    topic = make_question(title=title, author=moderator)

    response = client.get(topic.get_absolute_url())

    (data,) = structured_data(response)
    assert data["mainEntity"]["name"] == title
    assert "</script><script>alert(1)" not in response.content.decode()


def test_an_article_page_is_an_article_of_a_medical_web_page(client):
    article = ArticleFactory(slug="cramps", title="Muscle cramps", summary="Why they happen.")

    (data,) = structured_data(client.get(article.get_absolute_url()))

    assert data["@type"] == "Article"
    assert data.keys() >= ARTICLE_RECOMMENDED
    assert data["headline"] == "Muscle cramps"
    assert data["author"]["name"] == "Askwell"
    assert data["author"]["url"]
    assert data["mainEntityOfPage"]["@type"] == "MedicalWebPage"
    assert data["mainEntityOfPage"]["@id"] == f"{settings.SITE_URL}/articles/cramps/"


def test_article_and_question_pages_have_opengraph_tags(client, answered):
    article = ArticleFactory(slug="cramps", title="Muscle cramps", summary="Why they happen.")

    on_article = client.get(article.get_absolute_url())
    on_question = client.get(answered.get_absolute_url())

    assert meta(on_article, "og:type") == "article"
    assert meta(on_article, "og:title") == "Muscle cramps"
    assert meta(on_article, "og:description") == "Why they happen."
    assert meta(on_question, "og:title") == "Does IVIG help?"
    assert meta(on_question, "og:description").strip() == "My CK is high."
    assert meta(on_question, "og:url") == settings.SITE_URL + answered.get_absolute_url()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "/"),
        ("/forum/?utm_source=x", "/forum/"),
        (
            "/forum/treatments-and-medication/?page=2&show=all",
            "/forum/treatments-and-medication/?page=2",
        ),
        ("/forum/treatments-and-medication/?page=abc", "/forum/treatments-and-medication/"),
        ("/articles/", "/articles/"),
        ("/search/?q=ivig", "/search/"),
    ],
)
def test_every_page_names_its_canonical_address_on_the_sites_origin(client, db, url, expected):
    assert canonical(client.get(url)) == settings.SITE_URL + expected


def test_a_question_page_describes_itself_by_its_text(client, answered):
    response = client.get(answered.get_absolute_url())

    assert meta(response, "description").strip() == "My CK is high."
    assert re.search(r"<title>Does IVIG help\? · Askwell</title>", response.content.decode())


@pytest.mark.parametrize(
    "body_html",
    [
        "<p>My CK is high.</p>",
        "<p>Tom &amp; Jerry say &lt;hello&gt; &quot;twice&quot;</p>",
        "<p>" + "A long account of my symptoms and doctors' visits. " * 10 + "</p>",
        "<ul><li>one</li><li>two</li></ul><script>alert(1)</script>",
        "",
    ],
)
@pytest.mark.parametrize("state", [Post.State.APPROVED, Post.State.PENDING])
def test_the_question_description_is_the_start_of_its_text_as_django_cuts_it(body_html, state):
    post = Post(state=state, body_html=body_html)
    topic = Topic(title="Does IVIG <help>?")
    context = Context({"opening_post": post, "topic": topic})
    by_filters = Template(
        '{% if opening_post.state == "approved" %}'
        "{{ opening_post.body_html|striptags|truncatechars:160 }}"
        "{% else %}{{ topic.title }}{% endif %}"
    )

    assert Template("{% load rich_results %}{% question_description %}").render(
        context
    ) == by_filters.render(context)


def test_a_category_page_describes_itself(client, category):
    response = client.get(category.get_absolute_url())

    assert meta(response, "description") == (category.description or category.name)


def test_the_sitemap_gives_every_entry_its_last_change(client, answered):
    ArticleFactory(slug="cramps")

    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own)

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.find("s:loc", ns).text: url.find("s:lastmod", ns) for url in root.findall("s:url", ns)
    }
    assert entries["http://testserver/articles/cramps/"] is not None
    assert entries["http://testserver" + answered.get_absolute_url()] is not None
    assert entries["http://testserver" + answered.category.get_absolute_url()] is not None
