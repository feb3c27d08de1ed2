"""The search engine (forum.search): what it finds, in which order, with which snippets,
on SQLite and PostgreSQL alike; and that the services keep its index current."""

import pytest

from articles.tests.factories import ArticleFactory
from forum import answers, editing, lifecycle
from forum.models import Category, Post
from forum.search.engine import search_site, similar_questions
from forum.search.index import rebuild_index
from forum.search.query import marked, parse
from forum.tests.factories import make_question, make_reply, make_trusted_member

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.title for hit in results.page.object_list]


def article_titles(results):
    return [hit.title for hit in results.articles]


def test_a_title_match_ranks_above_a_text_match():
    make_question(title="Sleeping badly", body="Is fatigue after infusions normal?")
    make_question(title="Fatigue after infusions", body="It lasts two days.")

    assert titles(search_site("fatigue")) == ["Fatigue after infusions", "Sleeping badly"]


def test_the_answer_that_helped_ranks_above_another_reply(member, other_member):
    asked = make_question(author=member, title="Weak grip", body="My hands are weak.", slug="a")
    other = make_question(title="Tired legs", body="My legs are tired.", slug="b")
    make_reply(topic=other, body="Swimming eased it for me.")
    answer = make_reply(topic=asked, author=other_member, body="Swimming eased it for me.")
    answers.accept_answer(post=answer, member=member)

    assert titles(search_site("swimming")) == ["Weak grip", "Tired legs"]


def test_words_are_found_by_their_stem():
    make_question(title="Climbing stairs", body="My thighs ache.")

    assert titles(search_site("climbed stair")) == ["Climbing stairs"]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("steroid side effects", "Corticosteroids: side effects on sleep"),
        ("prednisone", "Are corticosteroids making me hungry?"),
        ("CK levels", "My creatine kinase levels are 4,000"),
        ("creatine kinase", "Is a CK of 4,000 high?"),
        ("IVIG", "Immunoglobulin infusions every month"),
        ("necrotising myopathy", "Living with necrotizing myopathy"),
        ("anaemia", "Anemia after treatment"),
        ("anemia", "Anaemia after treatment"),
    ],
)
def test_the_medical_synonym_list_finds_other_words_for_the_same_thing(typed, written):
    make_question(title=written, body="Any experience welcome.")
    make_question(title="Wheelchair at the airport", body="Any experience welcome.", slug="o")

    assert titles(search_site(typed)) == [written]


def test_a_misspelling_suggests_and_finds_the_word_the_site_uses():
    make_question(title="Diagnosed with myopathy last year", body="Where do I start?")

    results = search_site("myopaty")

    assert results.suggestion == "myopathy"
    assert titles(results) == ["Diagnosed with myopathy last year"]


def test_no_suggestion_is_made_from_words_only_unpublished_posts_contain(member):
    make_question(author=member, title="Myopathy", state=Post.State.PENDING)

    results = search_site("myopaty")

    assert results.suggestion == ""
    assert results.total == 0


def test_when_no_question_has_every_word_questions_with_some_are_shown():
    make_question(title="Stairs after treatment", body="Slowly better.")

    results = search_site("stairs wheelchair")

    assert results.any_term is True
    assert titles(results) == ["Stairs after treatment"]


def test_the_snippet_marks_the_matched_words():
    make_question(title="Hands", body="My grip got weaker after the methotrexate started.")

    (hit,) = search_site("methotrexate").page.object_list

    assert "<mark>methotrexate</mark>" in hit.snippet


def test_html_and_script_in_a_post_are_inert_in_its_snippet():
    make_question(
        title="Odd text",
        body='methotrexate <script>alert("x")</script> <img src=x onerror=alert(1)> dose',
    )

    (hit,) = search_site("methotrexate").page.object_list

    assert "<script" not in hit.snippet
    assert "<img" not in hit.snippet
    # What the text holds of them comes out as text.
    assert "&lt;" in hit.snippet or "&gt;" in hit.snippet


def test_markers_in_a_post_cannot_open_a_tag_in_its_snippet():
    assert marked("\x02<b>\x02bold\x03\x03 \x03") == "<mark>&lt;b&gt;bold</mark>"


def test_the_best_matching_published_reply_is_shown_with_its_link(member):
    topic = make_question(title="Evenings", body="Fatigue at night.")
    make_reply(topic=topic, body="Nothing to add.")
    best = make_reply(topic=topic, body="A nap with the legs raised helped my fatigue.")
    hidden = make_reply(topic=topic, author=member, body="Secret fatigue cure for you.")
    lifecycle.change_state(hidden, lifecycle.HIDE, actor=_moderator())

    (hit,) = search_site("fatigue").page.object_list

    assert hit.reply_url.endswith(f"#post-{best.pk}")
    assert "<mark>fatigue</mark>" in hit.reply_snippet
    assert "Secret" not in hit.reply_snippet


def _moderator():
    from accounts.tests.factories import ModeratorFactory

    return ModeratorFactory()


@pytest.mark.parametrize(
    "state", [Post.State.PENDING, Post.State.REJECTED, Post.State.HIDDEN, Post.State.REMOVED]
)
def test_an_unpublished_question_is_never_found(member, state):
    make_question(author=member, title="Private worry about azathioprine", state=state)

    assert search_site("azathioprine").total == 0
    assert similar_questions("azathioprine") == []


def test_a_question_hidden_by_a_moderator_leaves_the_results():
    topic = make_question(title="Azathioprine and liver tests")
    lifecycle.change_state(topic.opening_post, lifecycle.HIDE, actor=_moderator())

    assert search_site("azathioprine").total == 0


def test_a_reply_hidden_by_a_moderator_no_longer_finds_its_question():
    topic = make_question(title="Evenings", body="Tired at night.")
    reply = make_reply(topic=topic, body="Azathioprine made it worse.")
    lifecycle.change_state(reply, lifecycle.HIDE, actor=_moderator())

    assert search_site("azathioprine").total == 0


def test_an_edit_is_found_by_its_new_words_not_its_old_ones():
    member = make_trusted_member()
    topic = make_question(author=member, title="Evenings", body="Tired at night.", slug="e")
    editing.edit_post(post=topic.opening_post, editor=member, body="Rituximab every spring.")

    assert titles(search_site("rituximab")) == ["Evenings"]
    assert search_site("night").total == 0


def test_a_member_removing_their_question_takes_it_out_of_search(member):
    topic = make_question(author=member, title="Azathioprine dose")
    editing.remove_post(post=topic.opening_post, member=member)

    assert search_site("azathioprine").total == 0


def test_rebuilding_the_index_finds_what_was_written_without_the_services():
    topic = make_question(title="Plain title")
    Post.objects.filter(pk=topic.opening_post_id).update(body="Hydroxychloroquine tablets.")

    assert search_site("hydroxychloroquine").total == 0
    rebuild_index()
    assert titles(search_site("hydroxychloroquine")) == ["Plain title"]


def test_articles_are_found_by_their_title_summary_or_text():
    ArticleFactory(title="Dysphagia", summary="Swallowing.", body="Eat slowly.")
    ArticleFactory(title="Exercise", summary="Moving.", body="Walk daily.")

    assert article_titles(search_site("swallowing difficulty")) == ["Dysphagia"]


def test_filters_show_only_articles_or_only_questions():
    ArticleFactory(title="Fatigue explained")
    make_question(title="Fatigue all day")

    only_articles = search_site("fatigue", kind="articles")
    only_questions = search_site("fatigue", kind="questions")

    assert titles(only_articles) == ["Fatigue explained"]
    assert only_questions.articles == []
    assert titles(only_questions) == ["Fatigue all day"]


def test_the_category_filter_keeps_only_that_categorys_questions():
    first, last = (
        Category.objects.order_by("position")[0],
        Category.objects.order_by("-position")[0],
    )
    make_question(title="Fatigue at work", category=first, slug="a")
    make_question(title="Fatigue at school", category=last, slug="b")

    assert titles(search_site("fatigue", category=last)) == ["Fatigue at school"]


def test_the_answered_filter_keeps_only_questions_with_an_answer_that_helped(member, other_member):
    asked = make_question(author=member, title="Fatigue at work", slug="a")
    make_question(title="Fatigue at school", slug="b")
    answers.accept_answer(
        post=make_reply(topic=asked, author=other_member, body="Rest."), member=member
    )

    results = search_site("fatigue", answered=True)

    assert titles(results) == ["Fatigue at work"]
    assert results.page.object_list[0].answered is True


def test_results_are_paginated():
    for n in range(25):
        make_question(title=f"Fatigue story {n}", slug=f"s{n}")

    results = search_site("fatigue", page=2, per_page=20)

    assert results.page.paginator.count == 25
    assert len(results.page.object_list) == 5


@pytest.mark.parametrize("text", ["", "!!!", "the and of", "\"'()*:&|<->", "AND OR NOT NEAR"])
def test_queries_without_searchable_words_find_nothing_without_error(text):
    make_question(title="Fatigue")

    assert search_site(text).total == 0


def test_query_operators_typed_by_a_visitor_are_taken_as_words():
    make_question(title="Statins and CK")

    assert parse('statins" OR (ck') == parse("statins ck")
    assert titles(search_site('"statins" AND & | !ck')) == ["Statins and CK"]


def test_similar_questions_use_synonyms():
    make_question(title="Prednisone and sleep")

    assert [t.title for t in similar_questions("steroids at night")] == ["Prednisone and sleep"]
