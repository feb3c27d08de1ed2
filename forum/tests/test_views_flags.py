"""
The flag page: /forum/posts/<pk>/flag/, and the flag link beside each post.
"""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from forum import flags
from forum.models import Flag, Post
from forum.tests.factories import make_question, make_reply, make_trusted_member

pytestmark = pytest.mark.usefixtures("three_flags_hide")


def flag_url(post):
    return f"/forum/posts/{post.pk}/flag/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def flag_by_others(post, count):
    for _ in range(count):
        flags.flag_post(post=post, flagger=make_trusted_member(), reason="spam")


@pytest.fixture
def flagger_client(client, other_member):
    client.force_login(other_member)
    return client


@pytest.fixture
def established_flagger_client(client, db):
    """A member whose flag counts towards hiding (forum.flags.counts_towards_hiding)."""
    client.force_login(make_trusted_member())
    return client


# Showing the page.


def test_the_flag_page_shows_the_post_and_the_reasons(flagger_client, reply):
    response = flagger_client.get(flag_url(reply))

    assert response.status_code == 200
    assertContains(response, "<h1>Flag a post</h1>", html=True)
    assertContains(response, "Try this miracle supplement.")
    assertContains(response, "patient_pat")
    assertContains(response, 'type="radio"', count=5)
    assertContains(response, "Shares personal information – A full name")
    assertContains(response, 'name="detail"')


def test_the_flag_page_makes_a_fixed_number_of_queries(
    flagger_client, reply, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        flagger_client.get(flag_url(reply))


# Flagging.


def test_a_member_flags_a_post_and_is_thanked(flagger_client, other_member, reply):
    response = flagger_client.post(flag_url(reply), {"reason": "spam", "detail": ""})

    assertRedirects(response, reply.get_absolute_url(), fetch_redirect_response=False)
    assert messages_of(response) == ["Thank you. Moderators will look at it."]
    flag = Flag.objects.get()
    assert (flag.post, flag.flagger, flag.reason) == (reply, other_member, "spam")


def test_a_member_explains_another_reason(flagger_client, reply):
    flagger_client.post(flag_url(reply), {"reason": "other", "detail": "Copied from a leaflet."})

    assert Flag.objects.get().detail == "Copied from a leaflet."


def test_the_flag_that_hides_a_reply_returns_to_the_question(
    established_flagger_client, question, reply
):
    flag_by_others(reply, 2)

    response = established_flagger_client.post(flag_url(reply), {"reason": "spam"})

    assert response.url.startswith(question.get_absolute_url())
    assert Post.objects.get(pk=reply.pk).state == Post.State.HIDDEN
    assert established_flagger_client.get(question.get_absolute_url()).status_code == 200


def test_the_flag_that_hides_a_question_returns_to_its_category(
    established_flagger_client, question
):
    flag_by_others(question.opening_post, 2)

    response = established_flagger_client.post(flag_url(question.opening_post), {"reason": "spam"})

    assertRedirects(response, question.category.get_absolute_url())
    assert messages_of(response) == ["Thank you. Moderators will look at it."]


# Bad input: a clear message, and what was typed is kept.


def test_flagging_without_a_reason_keeps_the_details(flagger_client, reply):
    response = flagger_client.post(flag_url(reply), {"detail": "He sells pills on his site."})

    assert response.status_code == 200
    assert response.context["form"].has_error("reason", "required")
    assertContains(response, "Choose the reason that fits best.")
    assertContains(response, "He sells pills on his site.</textarea>")
    assert not Flag.objects.exists()


def test_flagging_with_an_unknown_reason_is_refused(flagger_client, reply):
    response = flagger_client.post(flag_url(reply), {"reason": "boring", "detail": "Dull."})

    assertContains(response, "Choose one of the reasons in the list.")
    assertContains(response, "Dull.</textarea>")
    assert not Flag.objects.exists()


def test_another_reason_without_details_asks_for_them(flagger_client, reply):
    response = flagger_client.post(flag_url(reply), {"reason": "other", "detail": " "})

    assertContains(response, "Tell the moderators what is wrong, so they know what to look for.")
    assertContains(response, 'value="other" required id="id_reason_4" checked')
    assert not Flag.objects.exists()


def test_details_that_are_too_long_are_refused_and_kept(flagger_client, reply):
    detail = "x" * 1001

    response = flagger_client.post(flag_url(reply), {"reason": "abuse", "detail": detail})

    assertContains(response, "Please keep the details to 1000 characters (you wrote 1001).")
    assertContains(response, f"{detail}</textarea>")
    assert not Flag.objects.exists()


# Which posts can be flagged.


def test_an_unknown_post_is_not_found(flagger_client, reply):
    assert flagger_client.get(f"/forum/posts/{reply.pk + 1000}/flag/").status_code == 404


@pytest.mark.parametrize(
    "state", [Post.State.PENDING, Post.State.REJECTED, Post.State.REMOVED, Post.State.HIDDEN]
)
def test_a_post_that_is_not_published_cannot_be_flagged(flagger_client, question, state):
    post = make_reply(topic=question, state=state)

    assert flagger_client.get(flag_url(post)).status_code == 404
    assert flagger_client.post(flag_url(post), {"reason": "spam"}).status_code == 404
    assert not Flag.objects.exists()


def test_a_removed_question_with_replies_cannot_be_flagged(flagger_client, question):
    make_reply(topic=question)
    Post.objects.filter(pk=question.opening_post_id).update(state=Post.State.REMOVED)

    assert flagger_client.get(flag_url(question.opening_post)).status_code == 404


def test_a_published_reply_on_a_hidden_question_cannot_be_flagged(flagger_client, question):
    reply = make_reply(topic=question)
    Post.objects.filter(pk=question.opening_post_id).update(state=Post.State.HIDDEN)

    assert flagger_client.get(flag_url(reply)).status_code == 404


def test_a_member_is_told_they_cannot_flag_their_own_post(client, member, reply):
    client.force_login(member)

    response = client.post(flag_url(reply), {"reason": "spam"})

    assert response.status_code == 403
    assertContains(response, "This is your own post, so you can't flag it.", status_code=403)
    assertNotContains(response, 'type="radio"', status_code=403)
    assert not Flag.objects.exists()


def test_a_suspended_member_is_told_they_cannot_flag(client, suspended_member, reply):
    client.force_login(suspended_member)

    response = client.get(flag_url(reply))

    assertContains(response, "Your account is suspended", status_code=403)
    assertNotContains(response, 'type="radio"', status_code=403)


def test_an_unverified_member_is_asked_to_confirm_their_address(client, unverified_member, reply):
    client.force_login(unverified_member)

    response = client.post(flag_url(reply), {"reason": "spam"})

    assertContains(response, "Please confirm your e-mail address", status_code=403)
    assert not Flag.objects.exists()


# Flagging twice.


def test_the_page_says_when_the_member_has_flagged_the_post_already(flagger_client, reply):
    flagger_client.post(flag_url(reply), {"reason": "spam"})

    response = flagger_client.get(flag_url(reply))

    assertContains(response, "You have already flagged this post. Moderators will look at it.")
    assertNotContains(response, 'type="radio"')


def test_a_second_flag_by_the_same_member_is_not_recorded(flagger_client, reply):
    flagger_client.post(flag_url(reply), {"reason": "spam"})

    response = flagger_client.post(flag_url(reply), {"reason": "abuse"})

    assertRedirects(response, reply.get_absolute_url(), fetch_redirect_response=False)
    assert messages_of(response)[-1] == (
        "You have already flagged this post. Moderators will look at it."
    )
    assert list(Flag.objects.values_list("reason", flat=True)) == ["spam"]


def test_sending_the_form_twice_records_one_flag(flagger_client, reply):
    data = {"reason": "misinformation", "detail": "Statins do not cure this."}

    first = flagger_client.post(flag_url(reply), data)
    second = flagger_client.post(flag_url(reply), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Flag.objects.count() == 1


def test_a_member_who_lost_a_race_with_their_own_flag_is_told_kindly(
    flagger_client, other_member, reply, monkeypatch
):
    flags.flag_post(post=reply, flagger=other_member, reason="spam")
    # The other request checked before this flag was written.
    monkeypatch.setattr(flags, "has_open_flag", lambda **kwargs: False)

    response = flagger_client.post(flag_url(reply), {"reason": "spam"})

    assert messages_of(response) == [
        "You have already flagged this post. Moderators will look at it."
    ]
    assert Flag.objects.count() == 1


# Who may flag.


@pytest.mark.parametrize(
    ("role", "status", "flagged"),
    [
        ("anonymous", 302, False),
        ("member", 403, False),  # the author
        ("other_member", 302, True),
        ("suspended_member", 403, False),
        ("unverified_member", 403, False),
        ("moderator", 302, True),
    ],
)
def test_who_may_flag_a_post(client, request, reply, role, status, flagged):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    response = client.post(flag_url(reply), {"reason": "spam"})

    assert response.status_code == status
    assert Flag.objects.exists() == flagged
    if role == "anonymous":
        assert response.url == f"/accounts/login/?next={flag_url(reply)}"


def test_an_anonymous_visitor_is_asked_to_sign_in_to_see_the_flag_page(client, reply):
    response = client.get(flag_url(reply))

    assertRedirects(
        response, f"/accounts/login/?next={flag_url(reply)}", fetch_redirect_response=False
    )


# The flag link beside each post.


def flag_link(post, user, flagged_by_me=False):
    post.flagged_by_me = flagged_by_me
    return render_to_string("forum/includes/flag_link.html", {"post": post, "user": user}).strip()


def test_members_see_a_flag_link_on_other_members_posts(reply, other_member):
    html = flag_link(reply, other_member)

    assert f'href="{flag_url(reply)}"' in html
    assert "Flag" in html
    assert "the post by patient_pat" in html


def test_a_member_who_flagged_a_post_sees_that_they_did(reply, other_member):
    html = flag_link(reply, other_member, flagged_by_me=True)

    assert "You flagged this" in html
    assert "href" not in html


def test_there_is_no_flag_link_on_ones_own_post(reply, member):
    assert flag_link(reply, member) == ""


def test_there_is_no_flag_link_for_anonymous_visitors(reply):
    from django.contrib.auth.models import AnonymousUser

    assert flag_link(reply, AnonymousUser()) == ""


def test_there_is_no_flag_link_on_a_removed_post(question, other_member):
    removed = make_reply(topic=question, state=Post.State.REMOVED)

    assert flag_link(removed, other_member) == ""


def test_the_author_of_a_question_sees_no_flag_link_on_it(member):
    topic = make_question(author=member)

    assert flag_link(topic.opening_post, member) == ""


def test_the_question_page_offers_the_flag_link_and_then_says_it_was_used(
    flagger_client, question, reply
):
    before = flagger_client.get(question.get_absolute_url())
    flagger_client.post(flag_url(reply), {"reason": "spam"})
    after = flagger_client.get(question.get_absolute_url())

    assertContains(before, f'href="{flag_url(reply)}"')
    assertContains(after, "You flagged this", count=1)
    assertNotContains(after, f'href="{flag_url(reply)}"')
    # The question itself can still be flagged.
    assertContains(after, f'href="{flag_url(question.opening_post)}"')
