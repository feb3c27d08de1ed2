"""
@mentions: "@name" in a post links to the member's profile (when the post is rendered,
by the one markup pipeline) and tells that member once the post is published, if they
may see it.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.tests.factories import MemberFactory
from forum import asking, editing, lifecycle
from forum.models import Notification, Post
from forum.notifications import follows, inbox
from forum.notifications.mentions import MAX_MENTIONS_NOTIFIED, render_post
from forum.tests.factories import make_reply
from markup.render import render_markdown


@pytest.fixture
def amelia(db):
    return MemberFactory(username="amelia_r", email_notifications="never")


def mentions_of(post):
    return set(
        Notification.objects.filter(post=post, reason=Notification.Reason.MENTION).values_list(
            "recipient__username", flat=True
        )
    )


# Rendering ---------------------------------------------------------------------------


def test_a_mention_of_a_member_links_to_their_profile(amelia):
    html = render_post("Thanks @amelia_r, that helped.")

    assert html == (
        '<p>Thanks <a href="/members/amelia_r/" rel="nofollow ugc noopener">@amelia_r</a>'
        ", that helped.</p>"
    )


def test_a_mention_of_a_name_that_is_no_member_stays_text(amelia):
    assert render_post("Ask @nobody_here about it.") == "<p>Ask @nobody_here about it.</p>"


def test_a_mention_matches_the_member_whatever_its_case(amelia):
    assert 'href="/members/amelia_r/" rel="nofollow ugc noopener">@Amelia_R</a>' in render_post(
        "Hello @Amelia_R"
    )


def test_a_full_stop_after_a_mention_is_not_part_of_the_name(amelia):
    assert render_post("Thanks @amelia_r.").endswith("@amelia_r</a>.</p>")


def test_an_email_address_is_not_a_mention(amelia):
    assert "/members/" not in render_post("Write to help@amelia_r.org or x@amelia_r")


def test_a_mention_in_code_or_a_link_stays_as_written(amelia):
    html = render_post("`@amelia_r` and [@amelia_r](https://example.org)\n\n    @amelia_r")

    assert "/members/" not in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">@amelia_r</a>' in html


def test_a_mention_of_a_closed_account_stays_text(amelia):
    amelia.is_active = False
    amelia.save()

    assert "/members/" not in render_post("Thanks @amelia_r")


def test_the_pipeline_without_a_member_lookup_links_no_mention():
    assert render_markdown("Thanks @amelia_r") == "<p>Thanks @amelia_r</p>"


def test_a_mention_link_cannot_carry_markup_through_the_pipeline():
    html = render_markdown(
        "Hi @bob", mention_links=lambda names: {"bob": '"><script>alert(1)</script>'}
    )

    assert "<script>" not in html
    assert "&lt;script&gt;" in html or "%3Cscript" in html


def test_a_text_naming_many_members_looks_them_up_in_one_query(db, django_assert_num_queries):
    text = " ".join(f"@member_{n}" for n in range(200))

    with django_assert_num_queries(1):
        render_post(text)


def test_a_post_written_through_the_forum_links_its_mentions(amelia, question):
    author = MemberFactory()
    post = asking.reply(author=author, topic=question, body="Ask @amelia_r, she knows.")

    assert 'href="/members/amelia_r/"' in post.body_html


def test_rerendering_stored_posts_keeps_their_mention_links(amelia, question):
    post = make_reply(topic=question, body="Ask @amelia_r.")
    assert "/members/" not in post.body_html  # written straight to the database

    call_command("rerender_markup", stdout=io.StringIO())

    post.refresh_from_db()
    assert 'href="/members/amelia_r/"' in post.body_html


# Who is told -------------------------------------------------------------------------


def test_a_mentioned_member_is_told_when_the_post_is_published(amelia, question):
    reply = make_reply(topic=question, body="@amelia_r had the same.")

    inbox.create_notifications(post_id=reply.pk)

    assert mentions_of(reply) == {"amelia_r"}


def test_a_mention_in_a_pending_post_tells_no_one_until_it_is_published(
    amelia, question, moderator, django_capture_on_commit_callbacks
):
    careful = MemberFactory(review_policy="always")
    with django_capture_on_commit_callbacks(execute=True):
        reply = asking.reply(author=careful, topic=question, body="Over to you @amelia_r.")
    assert reply.state == Post.State.PENDING
    assert mentions_of(reply) == set()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.change_state(reply, lifecycle.APPROVE, actor=moderator)

    assert mentions_of(reply) == {"amelia_r"}


def test_mentioning_yourself_tells_no_one(amelia, question):
    reply = make_reply(topic=question, author=amelia, body="As I, @amelia_r, said.")

    inbox.create_notifications(post_id=reply.pk)

    assert not Notification.objects.filter(post=reply).exists()


def test_a_member_mentioned_twice_is_told_once(amelia, question):
    reply = make_reply(topic=question, body="@amelia_r and again @amelia_r")

    inbox.create_notifications(post_id=reply.pk)
    inbox.create_notifications(post_id=reply.pk)

    assert Notification.objects.filter(post=reply, recipient=amelia).count() == 1


def test_a_follower_who_is_mentioned_is_told_of_the_mention(amelia, question):
    follows.follow_topic(member=amelia, topic=question)
    reply = make_reply(topic=question, body="What do you think, @amelia_r?")

    inbox.create_notifications(post_id=reply.pk)

    assert Notification.objects.get(post=reply, recipient=amelia).reason == "mention"


def test_a_post_tells_at_most_the_first_few_members_it_mentions(question):
    names = [f"named_{n:02d}" for n in range(MAX_MENTIONS_NOTIFIED + 5)]
    for name in names:
        MemberFactory(username=name)
    reply = make_reply(topic=question, body=" ".join(f"@{name}" for name in names))

    inbox.create_notifications(post_id=reply.pk)

    assert mentions_of(reply) == set(names[:MAX_MENTIONS_NOTIFIED])


@pytest.fixture
def hidden_since(question):
    """`question`, hidden by a moderator since: only moderators (and its asker) may open
    it and its replies."""
    Post.objects.filter(pk=question.opening_post_id).update(state=Post.State.HIDDEN)
    return question


def test_a_member_who_may_not_see_the_post_is_not_told(amelia, question):
    reply = make_reply(topic=question, body="Thanks @amelia_r")
    Post.objects.filter(pk=question.opening_post_id).update(state=Post.State.HIDDEN)

    inbox.create_notifications(post_id=reply.pk)

    assert mentions_of(reply) == set()


def test_a_mentioned_moderator_who_may_see_a_hidden_question_is_told(moderator, question):
    reply = make_reply(topic=question, body=f"Could @{moderator.username} look at this?")
    Post.objects.filter(pk=question.opening_post_id).update(state=Post.State.HIDDEN)

    inbox.create_notifications(post_id=reply.pk)

    assert mentions_of(reply) == {moderator.username}


def test_the_list_says_who_mentioned_the_member(client, amelia, question):
    reply = make_reply(
        topic=question, author=MemberFactory(username="maria"), body="@amelia_r try pacing."
    )
    inbox.create_notifications(post_id=reply.pk)
    client.force_login(amelia)

    page = client.get(reverse("forum:notifications")).content.decode()

    assert "maria mentioned you" in page
    assert "try pacing" not in page


def test_a_member_mentioned_in_an_edit_of_a_published_post_is_told(
    amelia, question, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = asking.reply(author=moderator, topic=question, body="Rest helped me most.")
    assert mentions_of(post) == set()

    with django_capture_on_commit_callbacks(execute=True):
        editing.edit_post(post=post, editor=moderator, body="Rest helped me most, @amelia_r.")

    assert mentions_of(post) == {"amelia_r"}


def test_an_edit_tells_no_follower_of_an_old_post(
    question, moderator, follower, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = asking.reply(author=moderator, topic=question, body="Rest helped me most.")
    follows.follow_topic(member=follower, topic=question)

    with django_capture_on_commit_callbacks(execute=True):
        editing.edit_post(post=post, editor=moderator, body="Rest helped me most of all.")

    assert not Notification.objects.filter(post=post, recipient=follower).exists()


def test_a_mention_added_in_an_edit_sent_back_for_review_waits_for_the_approval(
    amelia, question, member, django_capture_on_commit_callbacks
):
    post = make_reply(topic=question, author=member, body="Rest helped me most.")

    with django_capture_on_commit_callbacks(execute=True):
        editing.edit_post(post=post, editor=member, body="Rest helped me most, @amelia_r.")

    post.refresh_from_db()
    assert post.state == Post.State.PENDING
    assert mentions_of(post) == set()
