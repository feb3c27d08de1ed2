"""Search (/search/?q=) and the search box in every page's header."""

import html
import re
from html.parser import HTMLParser

import pytest

from articles.tests.factories import ArticleFactory
from forum.models import Post
from forum.tests.factories import make_question, make_reply
from markup.tests.parsing import scripts_and_handlers

pytestmark = pytest.mark.django_db


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and "id" in attrs:
            self.inputs[attrs["id"]] = attrs


def input_value(response, input_id):
    """What the search box with this id holds, as the browser shows it."""
    parser = _Inputs()
    parser.feed(response.content.decode())
    return parser.inputs[input_id].get("value")


def page_text(response):
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(text.split())


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Living with myositis"),
        ("summary", "All about myositis."),
        ("body", "Myositis is a group of conditions."),
    ],
)
def test_search_finds_an_article_by_its_title_summary_or_text(client, field, value):
    ArticleFactory(slug="found", **{field: value})
    ArticleFactory(slug="other")

    content = search(client, "myositis").content.decode()

    assert 'href="/articles/found/"' in content
    assert 'href="/articles/other/"' not in content


def test_search_finds_an_approved_question_by_its_title(client):
    make_question(title="Does IVIG help with weakness?")

    assert "Does IVIG help with weakness?" in page_text(search(client, "ivig"))


def test_search_finds_an_approved_question_by_its_text(client):
    make_question(title="Stairs at home", body="My thighs give way on the stairs after IVIG.")

    assert "Stairs at home" in page_text(search(client, "thighs"))


def test_search_never_shows_a_pending_question_to_readers(client, member):
    make_question(title="Is my CK too high?", author=member, state=Post.State.PENDING)

    assert "Is my CK too high?" not in page_text(search(client, "CK too high"))


def test_search_never_shows_a_pending_question_to_other_members(client, member, other_member):
    make_question(title="Is my CK too high?", author=member, state=Post.State.PENDING)
    client.force_login(other_member)

    assert "Is my CK too high?" not in page_text(search(client, "CK too high"))


def test_empty_search_shows_the_prompt_and_no_results(client):
    response = search(client, "   ")

    text = page_text(response)
    assert response.status_code == 200
    assert "Search articles and questions" in text
    assert 'role="alert"' not in response.content.decode()
    assert "No articles mention" not in text


def test_search_over_200_characters_shows_a_message_and_keeps_the_query(client):
    query = "muscle weakness " * 13

    response = search(client, query)

    assert response.status_code == 200
    assert "Please search for at most 200 characters; your search has 207." in page_text(response)
    assert input_value(response, "search-q") == query.strip()


def test_one_character_search_shows_a_message_and_keeps_the_query(client):
    response = search(client, "a")

    assert response.status_code == 200
    assert "Please type at least 2 characters." in page_text(response)
    assert input_value(response, "search-q") == "a"


def test_search_with_a_null_character_shows_a_message(client):
    response = search(client, "mus\x00cle")

    assert response.status_code == 200
    assert "Your search contains characters that cannot be searched for." in page_text(response)


def test_search_shows_the_query_escaped(client):
    response = search(client, "<script>alert(1)</script>")

    assert "<script>alert(1)</script>" not in response.content.decode()
    assert input_value(response, "search-q") == "<script>alert(1)</script>"


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999", "", "\x00"])
def test_search_with_a_bad_page_number_still_shows_results(client, page):
    make_question(title="Does IVIG help with weakness?")

    response = search(client, "ivig", page=page)

    assert response.status_code == 200
    assert "Does IVIG help with weakness?" in page_text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/articles/necrotizing-myopathy/",
        "/search/",
        "/search/?q=muscle",
        "/forum/",
        "/forum/treatments-and-medication/",
        "/forum/ask/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
    ],
)
def test_header_search_box_is_on_every_page(client, article, url):
    response = client.get(url)

    content = response.content.decode()
    label = re.search(r'<label for="site-search-q">(.*?)</label>', content)
    assert label is not None
    assert html.unescape(label.group(1)) == "Couldn't find what you're looking for?"
    form = re.search(r'<form class="site-search" role="search" [^>]*>', content)
    assert form is not None
    assert 'action="/search/"' in form.group(0)


# The results page.


def test_results_show_snippet_category_answered_state_and_date(client):
    topic = make_question(title="Stairs", body="My thighs give way on the stairs after IVIG.")

    response = search(client, "thighs")

    content = response.content.decode()
    assert "<mark>thighs</mark>" in content
    assert topic.category.name in page_text(response)
    assert f'datetime="{topic.last_activity_at.isoformat()}"' in content or "<time" in content


def test_a_post_with_html_in_its_text_is_shown_inert_in_the_results(client, moderator):
    make_question(
        title="Odd",
        body="methotrexate <script>alert(1)</script> <b onclick=x>bold</b>",
        author=moderator,
    )

    content = search(client, "methotrexate").content.decode()

    assert scripts_and_handlers(content) == []
    assert "<mark>methotrexate</mark>" in content


def test_a_misspelling_shows_did_you_mean_and_the_results_for_it(client):
    make_question(title="Living with myopathy")

    text = page_text(search(client, "myopaty"))

    assert "Did you mean myopathy ?" in text
    assert "Living with myopathy" in text


def test_the_results_page_has_one_search_box_besides_the_headers(client):
    content = search(client, "ivig").content.decode()

    assert len(re.findall(r'<input type="search"', content)) == 2  # the header's and this one
    assert len(re.findall(r'name="q"', content)) == 2


@pytest.mark.parametrize("query", ["!!!", "?? -- **", "the and of", "\"'()*:&|<->"])
def test_a_search_without_words_shows_a_message_and_keeps_the_query(client, query):
    response = search(client, query)

    assert response.status_code == 200
    assert "Your search has no words to look for" in page_text(response)
    assert input_value(response, "search-q") == query


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "videos"}, "Choose what to show from the list."),
        ({"category": "no-such-category"}, "There is no such category; all are searched."),
        ({"category": "\x00"}, "There is no such category; all are searched."),
    ],
)
def test_a_bad_filter_is_reported_and_the_search_still_runs(client, params, message):
    make_question(title="Does IVIG help with weakness?")

    response = search(client, "ivig", **params)

    assert response.status_code == 200
    assert message in page_text(response)
    assert "Does IVIG help with weakness?" in page_text(response)
    assert input_value(response, "search-q") == "ivig"


@pytest.mark.parametrize("answered", ["yes", "0", "", "\x00"])
def test_odd_answered_values_never_fail(client, answered):
    make_question(title="Does IVIG help with weakness?")

    assert search(client, "ivig", answered=answered).status_code == 200


def test_filters_show_articles_only(client):
    ArticleFactory(slug="ivig-article", title="IVIG explained")
    make_question(title="Does IVIG help with weakness?")

    text = page_text(search(client, "ivig", type="articles"))

    assert "IVIG explained" in text
    assert "Does IVIG help with weakness?" not in text


def test_the_next_page_link_keeps_the_query_and_the_filters(client, settings):
    settings.ASKWELL_TOPICS_PER_PAGE = 2
    for n in range(3):
        make_question(title=f"IVIG story {n}", slug=f"s{n}")

    content = search(client, "ivig", type="questions").content.decode()

    link = re.search(r'<a rel="next" href="([^"]+)"', content).group(1)
    assert html.unescape(link) == "?q=ivig&type=questions&page=2"


def test_the_results_page_keeps_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(25):
        topic = make_question(title=f"IVIG story {n}", slug=f"s{n}")
        make_reply(topic=topic, body="IVIG helped me too.")

    with django_assert_max_num_queries(12):
        search(client, "ivig")


def test_an_anonymous_askers_name_never_appears_in_results(client, member):
    topic = make_question(author=member, title="Does IVIG help with weakness?")
    Post.objects.filter(topic=topic).update(is_anonymous=True)

    assert member.username not in search(client, "ivig").content.decode()
