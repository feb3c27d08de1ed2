"""Screen-reader users jump from reply to reply by heading, and every machine-readable
time on a page is valid HTML (no microseconds)."""

import re

from pytest_django.asserts import assertContains, assertNotContains

from forum.tests.factories import make_reply


def test_each_reply_has_a_heading_naming_its_author(client, question):
    make_reply(topic=question, author=None, body="First reply, by someone who left.")
    make_reply(topic=question, body="Second reply here.")

    response = client.get(question.get_absolute_url())

    headings = re.findall(r'<h3 class="visually-hidden">(.*?)</h3>', response.content.decode())
    assert len(headings) == 2
    assert all(heading.startswith("Reply by ") for heading in headings)


def test_the_question_itself_gets_no_second_heading(client, question):
    response = client.get(question.get_absolute_url())

    assertNotContains(response, '<h3 class="visually-hidden">Reply by')


def test_times_on_a_thread_carry_no_microseconds(client, question):
    make_reply(topic=question)

    response = client.get(question.get_absolute_url())

    values = re.findall(r'<time datetime="([^"]+)"', response.content.decode())
    assert values
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value
    assertContains(response, "<time datetime=")
