"""
Risk: what in a post's text puts it first in the moderation queue, and is scored on
every write and edit.
"""

import importlib

import pytest
from django.apps import apps
from pytest_django.asserts import assertContains, assertNotContains

from forum import asking, editing, risk
from forum.models import Post
from forum.tests.factories import make_question, make_reply


def signals_of(text):
    return risk.assess(text).signals


def matched(text):
    return [text[span.start : span.end] for span in risk.assess(text).spans]


@pytest.mark.parametrize(
    "text",
    [
        "I have chest pain and can't breathe",
        "I keep thinking about suicide",
        "I think I took too many pills",
    ],
)
def test_emergency_wording_is_found(text):
    assert signals_of(text) == ("emergency",)


@pytest.mark.parametrize(
    "text",
    [
        "Just stop taking your statins.",
        "You should double the dose.",
        "Come off the steroids, they do nothing.",
        "Halve your prednisone for a week.",
        "Skip your methotrexate this week.",
        "I would reduce the IVIG.",
        "You don't need your medication any more.",
        "Increase the dosage if it hurts.",
    ],
)
def test_advice_to_change_or_stop_medication_is_found(text):
    assert signals_of(text) == ("medication",)


@pytest.mark.parametrize(
    "text",
    [
        "I double-checked with my doctor.",
        "There was an increase in my CK.",
        "I stopped at the pharmacy on the way home.",
        "My dose is 20 mg a day.",
        "I need to cut my nails.",
    ],
)
def test_ordinary_talk_about_medicines_is_not_taken_for_advice(text):
    assert "medication" not in signals_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "This miracle supplement fixed me.",
        "It cures myositis, guaranteed.",
        "A 100% cure in six weeks.",
        "Try a juice detox.",
        "What doctors don't want you to know about statins.",
        "Big Pharma hides it.",
    ],
)
def test_miracle_cure_claims_are_found(text):
    assert "miracle_cure" in signals_of(text)


@pytest.mark.parametrize("text", ["There is no cure yet.", "I was 100% sure it was the statin."])
def test_honest_talk_of_cures_is_not_a_miracle_claim(text):
    assert signals_of(text) == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Call me on +44 20 7946 0958.", "+44 20 7946 0958"),
        ("My mobile is 07700 900123.", "07700 900123"),
        ("Ring 020 7946 0958 after six.", "020 7946 0958"),
        ("Office: (555) 123-4567", "(555) 123-4567"),
        ("Text 555-123-4567", "555-123-4567"),
        ("Or 555.123.4567", "555.123.4567"),
        ("In France: +33 6 12 34 56 78", "+33 6 12 34 56 78"),
    ],
)
def test_phone_numbers_are_found(text, found):
    assert matched(text) == [found]
    assert risk.assess(text).personal_data_kinds == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        "My biopsy was on 2024-05-01.",
        "Diagnosed 01/05/2024, treated from 12.03.2023.",
        "I take 20 mg of prednisolone and 1000 mg of calcium.",
        "My CK was 12000 in 2019 and 800 in 2021.",
        "Between 2019 2020 2021 it got better.",
        "IVIG 2g/kg every 4 weeks.",
        "Vitamin D3 2000 IU daily.",
        "It takes 3 times a day, 5 minutes each.",
    ],
)
def test_dates_doses_years_and_lab_values_are_not_personal_data(text):
    assert signals_of(text) == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Write to jo.bloggs@example.co.uk please", "jo.bloggs@example.co.uk"),
        ("I live at 12 Baker Street.", "12 Baker Street"),
        ("Come to 221B Baker St. any time", "221B Baker St."),
        ("Postcode SW1A 1AA", "SW1A 1AA"),
        ("Springfield, IL 62701", "IL 62701"),
    ],
)
def test_email_and_street_addresses_are_found(text, found):
    assert matched(text) == [found]


def test_street_names_in_lower_case_talk_are_not_addresses():
    assert signals_of("I live 5 minutes from the park and walk down the road.") == ()


def test_the_score_weighs_emergency_above_medication_above_personal_data_above_miracles():
    weights = [
        risk.assess(text).score
        for text in (
            "chest pain",
            "stop your steroids",
            "call 07700 900123",
            "a miracle",
        )
    ]

    assert weights == sorted(weights, reverse=True)
    assert len(set(weights)) == 4


def test_several_signals_add_up_and_are_listed_most_urgent_first():
    found = risk.assess("A miracle! Stop your steroids and call 07700 900123.")

    assert found.signals == ("medication", "personal_data", "miracle_cure")
    assert found.score == sum(risk.WEIGHTS[s] for s in found.signals)


def test_a_plain_text_scores_nothing():
    assert risk.assess("How long does recovery usually take?") == risk.Assessment()


def test_the_author_is_told_what_personal_data_was_found_in_words():
    names = risk.personal_data_names("Mail me at a@example.org or call 07700 900123")

    assert names == ["a phone number", "an e-mail address"]


# Scored on every write and edit.


def test_a_new_question_is_scored_with_its_title(member, category):
    topic = asking.ask_question(
        author=member, category=category, title="Miracle detox?", body="What do you think?"
    )

    post = Post.objects.get(pk=topic.opening_post_id)
    assert (post.risk_score, post.risk_signals) == (risk.WEIGHTS["miracle_cure"], ["miracle_cure"])


def test_a_new_reply_is_scored(member, question):
    post = asking.reply(
        author=member,
        topic=question,
        body="Stop your prednisone, call me on 07700 900123",
        acknowledged=True,
    )

    post.refresh_from_db()
    assert post.risk_signals == ["medication", "personal_data"]
    assert post.risk_score == 50


def test_an_edit_scores_the_post_again(member, question):
    post = make_reply(topic=question, author=member, body="Stop your steroids now.")
    Post.objects.filter(pk=post.pk).update(risk_score=30, risk_signals=["medication"])

    editing.edit_post(post=post, editor=member, body="Ask your doctor before any change.")

    post.refresh_from_db()
    assert (post.risk_score, post.risk_signals) == (0, [])


def test_editing_a_questions_title_scores_the_opening_post_with_the_new_title(member):
    topic = make_question(author=member, title="A calm title", body="Plain words.")

    editing.edit_post(
        post=topic.opening_post, editor=member, body="Plain words.", title="A miracle cure?"
    )

    assert Post.objects.get(pk=topic.opening_post_id).risk_signals == ["miracle_cure"]


def test_the_migration_scores_posts_written_before(member):
    topic = make_question(author=member, title="Big pharma", body="Nothing else.")
    reply = make_reply(topic=topic, body="Call 07700 900123")
    plain = make_reply(topic=topic, body="Thank you.")
    migration = importlib.import_module("forum.migrations.0007_score_existing_posts")

    migration.score_posts(apps, schema_editor=None)

    scored = dict(Post.objects.values_list("pk", "risk_signals"))
    assert scored[topic.opening_post_id] == ["miracle_cure"]
    assert scored[reply.pk] == ["personal_data"]
    assert scored[plain.pk] == []


# Personal data: its author is warned before posting.

ASK_URL = "/forum/ask/"
PHONE_BODY = "Happy to talk, ring me on 07700 900123 or write to pat@example.org."


def reply_url(topic):
    return f"{topic.get_absolute_url()}reply/"


@pytest.fixture
def typed(category):
    return {"title": "Who else has this?", "category": str(category.pk), "body": PHONE_BODY}


def test_a_question_with_personal_data_comes_back_with_a_warning(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, typed)

    assert response.status_code == 200
    assert not Post.objects.exists()
    assertContains(response, 'role="alert" aria-labelledby="personal-data-title"')
    assertContains(response, "<li>a phone number</li>")
    assertContains(response, "<li>an e-mail address</li>")
    assertNotContains(response, "<li>a street address</li>")
    assertContains(response, f"{PHONE_BODY}</textarea>")
    assertContains(response, 'value="Who else has this?"')
    assertContains(response, '<button type="submit" name="acknowledged" value="1"')


def test_a_street_address_in_the_title_is_named_too(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "title": "Meet at 12 Baker Street?", "body": "Hi"})

    assertContains(response, "<li>a street address</li>")
    assert not Post.objects.exists()


def test_a_question_with_personal_data_is_posted_anyway_when_the_member_chooses(
    client, member, typed
):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "acknowledged": "1"})

    post = Post.objects.get()
    assert response.status_code == 302
    assert post.body == PHONE_BODY
    assert "personal_data" in post.risk_signals


def test_a_question_without_personal_data_shows_no_warning(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "body": "I take 20 mg since 2019-05-01."})

    assert response.status_code == 302
    assert Post.objects.count() == 1


def test_the_warning_is_shown_with_a_preview_too(client, member, typed):
    client.force_login(member)

    response = client.post(ASK_URL, {**typed, "action": "preview"})

    assertContains(response, "<li>a phone number</li>")


def test_a_reply_with_personal_data_asks_first_then_posts(client, member, question):
    client.force_login(member)

    first = client.post(reply_url(question), {"body": PHONE_BODY})
    assert first.status_code == 200
    assertContains(first, "<li>a phone number</li>")
    assertContains(first, "Post my reply anyway")
    assertContains(first, f"{PHONE_BODY}</textarea>")
    assert not Post.objects.filter(body=PHONE_BODY).exists()

    second = client.post(reply_url(question), {"body": PHONE_BODY, "acknowledged": "1"})

    assert second.status_code == 302
    assert Post.objects.filter(body=PHONE_BODY).exists()


@pytest.mark.parametrize("value", ["", "false"])
def test_an_empty_or_false_acknowledgement_does_not_post(client, member, question, value):
    client.force_login(member)

    response = client.post(reply_url(question), {"body": PHONE_BODY, "acknowledged": value})

    assert response.status_code == 200
    assert not Post.objects.filter(body=PHONE_BODY).exists()


@pytest.mark.parametrize(
    "text",
    [
        "After stopping the statin my CK came down.",
        "I stopped my steroids last year and felt worse.",
        "My neurologist reduced the prednisolone slowly.",
        "Since coming off the steroids I sleep better.",
        "We halved the dose together with the consultant.",
        "When I came off the IVIG the weakness came back.",
    ],
)
def test_the_authors_own_history_with_medication_is_not_advice(text):
    assert signals_of(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "I stopped mine, so you should stop your statins too.",
        "I think you should stop taking the statins.",
        "After reading this, stop the statin.",
    ],
)
def test_advice_after_a_story_is_still_advice(text):
    assert signals_of(text) == ("medication",)


def test_a_story_ranks_below_real_advice():
    story = risk.assess("After stopping the statin my muscles slowly recovered.")
    advice = risk.assess("Stop the statin straight away, doctors overprescribe it.")

    assert story.score < advice.score
