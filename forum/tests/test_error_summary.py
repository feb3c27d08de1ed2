"""After a round trip with errors, the page starts at a summary that links to each field
to fix; after Preview, at the preview; the live preview announces only that it was
updated."""

import re

import pytest
from django.urls import reverse


def summary(response):
    page = response.content.decode()
    match = re.search(r'<div class="form-errors"[^>]*>.*?</div>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_the_ask_form_with_errors_starts_at_a_summary_linking_to_each_field(client, member):
    client.force_login(member)

    response = client.post(reverse("forum:ask"), {"title": "x", "body": "y", "category": "999"})

    found = summary(response)
    assert "autofocus" in found and 'tabindex="-1"' in found
    assert '<a href="#id_title">Your question: ' in found
    assert '<a href="#id_category">Category: Choose one of the categories in the list.</a>' in found
    assert '<a href="#id_body">Details: ' in found


def test_the_reply_form_with_errors_starts_at_its_summary(client, member, question):
    client.force_login(member)
    url = reverse("forum:reply", args=[question.category.slug, question.pk, question.slug])

    response = client.post(url, {"body": "short", "action": "post"})

    assert '<a href="#id_body">Your reply: ' in summary(response)


def test_the_edit_form_with_errors_starts_at_its_summary(client, other_member, olgas_reply):
    client.force_login(other_member)

    response = client.post(reverse("forum:post-edit", args=[olgas_reply.pk]), {"body": ""})

    assert '<a href="#id_body">Your reply: This field is required.</a>' in summary(response)


def test_an_error_of_the_whole_form_is_in_the_summary_too(client, member, typed):
    client.force_login(member)

    response = client.post(reverse("forum:ask"), {**typed, "homepage": "http://spam.example"})

    assert "automated programs" in summary(response)


def test_a_form_without_errors_has_no_summary_and_moves_no_focus(client, member):
    client.force_login(member)

    page = client.get(reverse("forum:ask")).content.decode()

    assert 'class="form-errors"' not in page
    assert "autofocus" not in page


@pytest.mark.parametrize("where", ["ask", "reply", "edit"])
def test_after_preview_the_page_starts_at_the_preview(client, member, olgas_reply, typed, where):
    topic = olgas_reply.topic
    if where == "ask":
        client.force_login(member)
        url, data = reverse("forum:ask"), typed
    elif where == "reply":
        client.force_login(member)
        url = reverse("forum:reply", args=[topic.category.slug, topic.pk, topic.slug])
        data = {"body": "A reply being previewed with **bold**."}
    else:
        client.force_login(olgas_reply.author)
        url = reverse("forum:post-edit", args=[olgas_reply.pk])
        data = {"body": "An edit being previewed with **bold**."}

    page = client.post(url, {**data, "action": "preview"}).content.decode()

    preview = re.search(r'<section class="compose-preview"[^>]*>', page).group(0)
    assert "autofocus" in preview and "hidden" not in preview
    assert page.count("autofocus") == 1


def test_the_live_preview_announces_a_short_status_not_the_whole_text(client, member):
    client.force_login(member)

    page = client.get(reverse("forum:ask")).content.decode()

    assert (
        '<p class="visually-hidden" role="status" data-preview-status '
        'data-updated="Preview updated"></p>' in page
    )
    preview = page[page.index('<section class="compose-preview"') :]
    preview = preview[: preview.index("</section>")]
    assert "aria-live" not in preview
    assert 'aria-live="polite">\n  <section class="compose-preview"' not in page
