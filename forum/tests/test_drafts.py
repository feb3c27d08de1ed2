from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum import drafts
from forum.forms import BODY_MAX_LENGTH
from forum.models import Draft, Post
from forum.tests.factories import make_question

DRAFTS_URL = "/forum/drafts/"
DISCARD_URL = "/forum/drafts/discard/"
ASK_URL = "/forum/ask/"
TYPED = "My unfinished words about climbing stairs"


# Saving as the member types.


def test_a_member_saves_a_question_draft_and_is_told_when(client, member, category, article):
    client.force_login(member)

    response = client.post(
        DRAFTS_URL,
        {"title": "How long", "category": category.pk, "article": article.slug, "body": TYPED},
    )

    assert response.status_code == 200
    assert response.json()["message"].startswith("Draft saved at ")
    draft = Draft.objects.get(author=member)
    assert (draft.topic, draft.title, draft.category, draft.article, draft.body) == (
        None,
        "How long",
        category,
        article,
        TYPED,
    )


def test_saving_again_updates_the_one_draft(client, member):
    client.force_login(member)

    client.post(DRAFTS_URL, {"title": "First", "body": ""})
    client.post(DRAFTS_URL, {"title": "Second", "body": ""})

    assert list(Draft.objects.values_list("title", flat=True)) == ["Second"]


def test_a_member_saves_a_reply_draft_for_one_question(client, member, question):
    client.force_login(member)

    client.post(DRAFTS_URL, {"topic": question.pk, "body": TYPED})

    assert Draft.objects.get(author=member, topic=question).body == TYPED
    assert not Draft.objects.filter(topic=None).exists()


def test_an_empty_draft_is_not_kept(client, member):
    drafts.save_draft(author=member, title="Old title")
    client.force_login(member)

    response = client.post(DRAFTS_URL, {"title": " ", "body": ""})

    assert response.json()["saved"] is False
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"body": "a" * (BODY_MAX_LENGTH + 1)},
        {"title": "t" * 151},
        {"category": "999999", "body": "x"},
        {"category": "abc", "body": "x"},
        {"article": "no-such-article", "body": "x"},
        {"topic": "abc", "body": "x"},
        {"topic": "-3", "body": "x"},
        {"body": "bad \x00"},
    ],
    ids=[
        "long-body",
        "long-title",
        "unknown-category",
        "malformed-category",
        "unknown-article",
        "malformed-topic",
        "negative-topic",
        "nul",
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, member, data):
    client.force_login(member)

    response = client.post(DRAFTS_URL, data)

    assert response.status_code == 400
    assert response.json()["error"]
    assert not Draft.objects.exists()


def test_a_draft_for_a_missing_question_is_404(client, member):
    client.force_login(member)

    response = client.post(DRAFTS_URL, {"topic": 999999, "body": TYPED})

    assert response.status_code == 404
    assert not Draft.objects.exists()


def test_a_draft_for_someone_elses_pending_question_is_404(client, other_member, pending_question):
    client.force_login(other_member)

    response = client.post(DRAFTS_URL, {"topic": pending_question.pk, "body": TYPED})

    assert response.status_code == 404
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 403),
        ("member", 200),
        ("other_member", 200),
        ("suspended_member", 403),
        ("unverified_member", 403),
        ("moderator", 200),
    ],
)
def test_who_may_save_drafts(client, request, member, question, who, status):
    drafts.save_draft(author=member, topic=question, body="Pat's own words")
    user = request.getfixturevalue(who) if who else None
    if user:
        client.force_login(user)

    response = client.post(DRAFTS_URL, {"topic": question.pk, "body": "Someone's words"})

    assert response.status_code == status
    # Nobody else's save touches the member's draft.
    assert Draft.objects.get(author=member, topic=question).body == (
        "Someone's words" if who == "member" else "Pat's own words"
    )
    assert Draft.objects.filter(topic=question).count() == (
        2 if status == 200 and who != "member" else 1
    )


def test_saving_needs_post(client, member):
    client.force_login(member)

    assert client.get(DRAFTS_URL).status_code == 405


def test_a_save_arriving_after_the_question_was_posted_does_not_bring_the_draft_back(
    client, member, category
):
    topic = make_question(author=member, title="How long does it take?", body=TYPED + " more")
    client.force_login(member)

    response = client.post(
        DRAFTS_URL, {"title": topic.title, "category": category.pk, "body": TYPED + " more"}
    )

    assert response.json()["saved"] is False
    assert not Draft.objects.exists()


# Coming back, on any device.


def test_the_ask_page_brings_back_the_members_draft(client, member, category, article):
    drafts.save_draft(
        author=member, title="Half a title", category=category, article=article, body=TYPED
    )
    client.force_login(member)

    response = client.get(ASK_URL)

    assertContains(response, 'value="Half a title"')
    assertContains(response, f'<option value="{category.pk}" selected>', count=1)
    assertContains(response, f"{TYPED}</textarea>")
    assertContains(response, "Here is the question you started.")
    assertContains(response, "Draft saved at")
    assertContains(response, "Your question will be attached to the article")


def test_a_members_draft_is_never_shown_to_another_member(client, member, other_member):
    drafts.save_draft(author=member, title="Pat's private title", body=TYPED)
    client.force_login(other_member)

    response = client.get(ASK_URL)

    assertNotContains(response, "Pat's private title")
    assertNotContains(response, TYPED)


def test_the_question_page_brings_back_the_reply_draft(client, member, question):
    drafts.save_draft(author=member, topic=question, body=TYPED)
    client.force_login(member)

    response = client.get(question.get_absolute_url())

    assertContains(response, f"{TYPED}</textarea>")
    assertContains(response, "Here is the reply you started.")
    assertContains(response, "Discard draft")


def test_another_member_does_not_see_a_reply_draft(client, member, other_member, question):
    drafts.save_draft(author=member, topic=question, body=TYPED)
    client.force_login(other_member)

    response = client.get(question.get_absolute_url())

    assertNotContains(response, TYPED)


# Posting and discarding clear it.


def test_posting_the_question_clears_its_draft(client, member, category):
    drafts.save_draft(author=member, title="Half", body=TYPED)
    client.force_login(member)

    client.post(
        ASK_URL,
        {"title": "How long does recovery take?", "category": category.pk, "body": TYPED + " x"},
    )

    assert Post.objects.count() == 1
    assert not Draft.objects.exists()


def test_posting_a_reply_clears_only_that_questions_draft(client, member, question):
    other = make_question(title="Another question")
    drafts.save_draft(author=member, topic=question, body=TYPED)
    drafts.save_draft(author=member, topic=other, body=TYPED)
    drafts.save_draft(author=member, title="My next question")
    client.force_login(member)

    client.post(f"{question.get_absolute_url()}reply/", {"body": TYPED + " it got better"})

    assert set(Draft.objects.values_list("topic", flat=True)) == {other.pk, None}


def test_a_failed_post_keeps_the_draft(client, member):
    drafts.save_draft(author=member, title="Half", body=TYPED)
    client.force_login(member)

    client.post(ASK_URL, {"title": "Short", "body": TYPED})

    assert Draft.objects.exists()


def test_discarding_the_question_draft_clears_it_and_says_so(client, member):
    drafts.save_draft(author=member, title="Half", body=TYPED)
    client.force_login(member)

    response = client.post(DISCARD_URL, follow=True)

    assertRedirects(response, ASK_URL)
    assert not Draft.objects.exists()
    assertContains(response, "Your draft is discarded.")
    assertNotContains(response, TYPED)


def test_discarding_a_reply_draft_returns_to_the_question(client, member, question):
    drafts.save_draft(author=member, topic=question, body=TYPED)
    client.force_login(member)

    response = client.post(DISCARD_URL, {"topic": question.pk})

    assertRedirects(response, f"{question.get_absolute_url()}#reply-title")
    assert not Draft.objects.exists()


@pytest.mark.parametrize("who", [None, "member", "other_member", "suspended_member", "moderator"])
def test_discarding_touches_only_ones_own_draft(client, request, member, question, who):
    drafts.save_draft(author=member, topic=question, body=TYPED)
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.post(DISCARD_URL, {"topic": question.pk})

    assert response.status_code == 302
    if who is None:
        assert "/accounts/login/" in response.url
    assert Draft.objects.exists() == (who != "member")


def test_discarding_for_a_hidden_question_is_404(client, other_member, pending_question):
    client.force_login(other_member)

    assert client.post(DISCARD_URL, {"topic": pending_question.pk}).status_code == 404


def test_discarding_with_a_malformed_question_is_400(client, member):
    client.force_login(member)

    assert client.post(DISCARD_URL, {"topic": "abc"}).status_code == 400


def test_discarding_needs_post(client, member):
    client.force_login(member)

    assert client.get(DISCARD_URL).status_code == 405


# Purging old drafts.


def test_old_drafts_are_purged_and_recent_ones_kept(member, other_member, settings):
    settings.ASKWELL_DRAFT_RETENTION_DAYS = 30
    old = drafts.save_draft(author=member, title="Old")
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))
    drafts.save_draft(author=other_member, title="Recent")

    call_command("purge_drafts")

    assert list(Draft.objects.values_list("title", flat=True)) == ["Recent"]


def test_the_purge_command_says_how_many_it_deleted(member, capsys):
    old = drafts.save_draft(author=member, title="Old")
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=400))

    call_command("purge_drafts")

    assert "Deleted 1 draft(s)" in capsys.readouterr().out
