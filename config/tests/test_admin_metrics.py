"""What the admin index tells moderators: how much waits, for how long, the open
flags and the decisions of the last seven days. (How they are counted:
moderation/tests/test_metrics.py.)"""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from accounts.tests.staff import give_totp, sign_in_with_second_factor
from forum import audit
from forum.models import Flag, ModerationEvent, Post
from forum.tests.factories import make_question, make_reply
from moderation.queue import waiting_posts

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def flag(post, *, when=None, resolved=False):
    return Flag.objects.create(
        post=post,
        flagger=MemberFactory(),
        reason=Flag.Reason.SPAM,
        created_at=when or timezone.now(),
        resolved_at=timezone.now() if resolved else None,
    )


def metrics_table(response):
    text = response.text
    start = text.index('id="moderation-metrics"')
    return text[start : text.index("</div>", start)]


def test_the_index_shows_how_many_posts_wait_for_a_decision(moderator_client):
    topic = make_question(state=Post.State.PENDING)
    make_reply(topic=make_question(), state=Post.State.HIDDEN)
    flag(make_reply(topic=make_question()))
    make_reply(topic=topic, state=Post.State.APPROVED)

    response = moderator_client.get("/admin/")

    assert response.context["moderation_metrics"]["waiting"] == 3
    assert waiting_posts().count() == 3
    assert "Posts waiting for a decision</th>\n          <td>3</td>" in metrics_table(response)


def test_the_index_shows_how_long_the_oldest_post_has_waited(moderator_client):
    make_question(state=Post.State.PENDING, when=ago(days=3, hours=2, minutes=5))
    make_question(state=Post.State.PENDING, when=ago(hours=1))

    response = moderator_client.get("/admin/")

    assert "3\xa0days, 2\xa0hours" in metrics_table(response)


def test_when_nothing_waits_the_index_says_so(moderator_client):
    make_question()

    response = moderator_client.get("/admin/")

    table = metrics_table(response)
    assert "<td>0</td>" in table
    assert "Nothing is waiting" in table


def test_the_index_counts_open_flags_only(moderator_client):
    post = make_reply(topic=make_question())
    flag(post)
    flag(post)
    flag(post, resolved=True)

    response = moderator_client.get("/admin/")

    assert response.context["moderation_metrics"]["open_flags"] == 2
    assert "Open flags</th>\n          <td>2</td>" in metrics_table(response)


def test_the_index_counts_moderators_decisions_of_the_last_seven_days(
    moderator_client, totp_moderator
):
    post = make_question().opening_post
    for when in [ago(hours=1), ago(days=6, hours=23)]:
        audit.record(
            moderator=totp_moderator, action=ModerationEvent.Action.APPROVE, post=post, when=when
        )
    audit.record(
        moderator=totp_moderator,
        action=ModerationEvent.Action.APPROVE,
        post=post,
        when=ago(days=7, hours=1),
    )
    # Hidden by members' flags: not a moderator's decision.
    audit.record(moderator=None, action=ModerationEvent.Action.HIDE, post=post)

    response = moderator_client.get("/admin/")

    assert response.context["moderation_metrics"]["recent_decisions"] == 2
    assert "Decisions in the last 7 days</th>\n          <td>2</td>" in metrics_table(response)


def test_the_index_links_to_the_review_queue_and_the_log(moderator_client):
    response = moderator_client.get("/admin/")

    table = metrics_table(response)
    assert 'href="/admin/forum/pendingpost/"' in table
    assert 'href="/admin/forum/moderationevent/"' in table


def test_the_index_makes_the_same_few_queries_however_much_waits(
    moderator_client, django_assert_max_num_queries
):
    for n in range(15):
        topic = make_question(state=Post.State.PENDING, slug=f"q{n}")
        flag(make_reply(topic=make_question(slug=f"f{n}")))
        make_reply(topic=topic, state=Post.State.HIDDEN)

    with django_assert_max_num_queries(13):
        response = moderator_client.get("/admin/")

    assert response.context["moderation_metrics"]["waiting"] == 45


def test_staff_who_are_not_moderators_see_no_metrics(client):
    staff = give_totp(MemberFactory(username="staff_stan", is_staff=True))
    sign_in_with_second_factor(client, staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "moderation_metrics" not in response.context
    assert "Waiting for moderators" not in response.text


def test_a_superuser_sees_the_metrics(client):
    admin = give_totp(MemberFactory(username="admin_ada", is_staff=True, is_superuser=True))
    sign_in_with_second_factor(client, admin)

    response = client.get("/admin/")

    assert "Waiting for moderators" in response.text
