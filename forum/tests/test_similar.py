import pytest
from pytest_django.asserts import assertContains, assertNotContains

from forum.models import Post
from forum.similar import significant_words, similar_questions
from forum.tests.factories import make_question

SIMILAR_URL = "/forum/similar/"


def test_stop_words_and_short_words_are_not_compared():
    assert significant_words("How long does the weakness in my thighs last?") == [
        "long",
        "weakness",
        "thighs",
        "last",
    ]


def test_questions_sharing_more_words_come_first(db):
    one = make_question(title="Weakness in my thighs")
    two = make_question(title="Weakness in my thighs after climbing stairs")
    make_question(title="Which vitamin supplements help?")

    found = similar_questions("Thighs weakness when climbing stairs")

    assert found == [two, one]


@pytest.mark.parametrize(
    "state", [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN, Post.State.REMOVED]
)
def test_only_published_questions_are_suggested(db, member, state):
    make_question(author=member, title="Private worry about thigh weakness", state=state)

    assert similar_questions("Thigh weakness that does not improve") == []


def test_a_title_of_only_stop_words_finds_nothing(question):
    assert similar_questions("how does this work with you") == []


def test_at_most_five_questions_are_suggested(db):
    for number in range(7):
        make_question(title=f"Fatigue question {number}")

    assert len(similar_questions("Fatigue all day")) == 5


def test_the_search_is_one_query_whatever_the_title(db, django_assert_num_queries):
    make_question(title="Weakness in my thighs")
    title = " ".join(f"word{number}" for number in range(30))

    with django_assert_num_queries(1):
        similar_questions(title)


def test_the_endpoint_lists_similar_questions_with_links(client, question):
    response = client.get(SIMILAR_URL, {"title": "Recovery takes how long?"})

    assert response.status_code == 200
    assert response.json() == {
        "questions": [{"title": question.title, "url": question.get_absolute_url()}]
    }


def test_the_endpoint_never_lists_a_members_pending_question_even_to_them(client, pending_question):
    client.force_login(pending_question.opening_post.author)

    response = client.get(SIMILAR_URL, {"title": "Private worry about the dosage"})

    assert response.json() == {"questions": []}


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 200), ({"title": ""}, 200), ({"title": "x" * 201}, 400), ({"title": "bad\x00"}, 400)],
    ids=["missing", "empty", "too-long", "nul"],
)
def test_bad_titles_give_an_empty_list_not_an_error_page(client, db, params, status):
    response = client.get(SIMILAR_URL, params)

    assert response.status_code == status
    assert response.json()["questions"] == []


def test_the_endpoint_refuses_post(client, db):
    assert client.post(SIMILAR_URL, {"title": "Recovery"}).status_code == 405


# Without script: the check button of the ask form.


def test_the_check_button_shows_similar_questions_and_keeps_the_form(client, member, question):
    client.force_login(member)

    response = client.post(
        "/forum/ask/",
        {"title": "Recovery takes how long?", "body": "Half written", "action": "check"},
    )

    assert response.status_code == 200
    assertContains(response, "Questions that may already answer yours")
    assertContains(
        response, f'<a href="{question.get_absolute_url()}">{question.title}</a>', html=True
    )
    assertContains(response, 'value="Recovery takes how long?"')
    assertContains(response, "Half written</textarea>")
    assert not response.context["form"].errors


def test_the_check_button_says_when_nothing_similar_was_found(client, member, question):
    client.force_login(member)

    response = client.post("/forum/ask/", {"title": "Vitamin D dosage", "action": "check"})

    assertContains(response, "We found no similar questions.")


def test_the_check_button_never_posts(client, member, category):
    client.force_login(member)

    client.post(
        "/forum/ask/",
        {
            "title": "A complete question title",
            "category": category.pk,
            "body": "A complete body that is long enough.",
            "action": "check",
        },
    )

    assert not Post.objects.exists()


def test_the_similar_list_is_not_shown_before_checking(client, member, question):
    client.force_login(member)

    response = client.get("/forum/ask/")

    assertNotContains(response, question.title)


def test_checked_similar_questions_come_before_the_post_button(client, member, question, typed):
    # On a phone the page is one column in the order of its markup: what may already
    # answer the question is read before the button that posts it.
    client.force_login(member)

    response = client.post(
        "/forum/ask/", {**typed, "title": "How long does recovery take?", "action": "check"}
    )

    page = response.content.decode()
    assert response.context["similar"] == [question]
    assert page.index(f'href="{question.get_absolute_url()}"') < page.index(
        'value="post" class="button button--large">Post your question</button>'
    )
    assert page.index('id="similar-title"') < page.index('name="action" value="post"')
