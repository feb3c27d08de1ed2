import email.policy
import io

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.models import Notification, Post
from forum.notifications import follows, inbox
from forum.notifications import mail as notification_mail
from forum.notifications.tasks import notify_followers
from forum.tests.factories import make_question, make_reply


def unsubscribe_url(member):
    return reverse("forum:unsubscribe", args=[notification_mail.make_unsubscribe_token(member)])


# At once ----------------------------------------------------------------------------


def test_a_follower_who_wants_email_at_once_gets_one_email(followed, follower):
    reply = make_reply(topic=followed, author=MemberFactory(username="replier_rae"))

    notify_followers.enqueue(reply.pk)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fay@example.org"]
    assert message.subject == "[Askwell] replier_rae replied to a question you follow"
    assert "Hello follower_fay," in message.body
    assert "replier_rae replied to a question you follow" in message.body
    assert f"http://testserver{reverse('forum:post', args=[reply.pk])}\n" in message.body
    assert followed.title not in message.body
    assert Notification.objects.get().emailed_at is not None


def test_the_email_quotes_none_of_the_post(followed, follower):
    reply = make_reply(topic=followed, body="My creatine kinase was 4,000 last week.")

    notify_followers.enqueue(reply.pk)

    assert "creatine kinase" not in mail.outbox[0].body


def test_the_email_names_the_member_by_pseudonym_only(followed, follower):
    reply = make_reply(topic=followed)

    notify_followers.enqueue(reply.pk)

    assert "fay@example.org" not in mail.outbox[0].body


def test_the_email_links_to_settings_and_a_signed_unsubscribe_page(followed, follower):
    notify_followers.enqueue(make_reply(topic=followed).pk)

    body = mail.outbox[0].body
    assert "http://testserver" + reverse("notification-settings") in body
    assert "http://testserver" + unsubscribe_url(follower) in body


def test_the_email_carries_one_click_unsubscribe_headers(followed, follower):
    notify_followers.enqueue(make_reply(topic=followed).pk)

    message = mail.outbox[0].message()
    assert message["List-Unsubscribe"] == f"<http://testserver{unsubscribe_url(follower)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_unsubscribe_header_reaches_the_mail_server_as_a_plain_link(followed, follower):
    notify_followers.enqueue(make_reply(topic=followed).pk)

    sent = mail.outbox[0].message(policy=email.policy.SMTP).as_bytes().decode()
    link = f"http://testserver{unsubscribe_url(follower)}"
    assert f"\r\nList-Unsubscribe: <{link}>\r\n" in sent


def test_a_new_question_email_names_its_category_but_not_its_title(follower, category):
    follows.follow_category(member=follower, category=category)
    topic = make_question(
        category=category,
        title="Which exercises are safe?",
        author=MemberFactory(username="asker_al"),
    )

    notify_followers.enqueue(topic.opening_post_id)

    assert mail.outbox[0].subject == (
        f"[Askwell] asker_al asked a question in {category.name}, a category you follow"
    )
    assert "Which exercises are safe?" not in mail.outbox[0].body


def test_the_asker_is_told_of_a_reply_to_their_question(category):
    asker = MemberFactory(username="asker_al", email="al@example.org")
    topic = asking.ask_question(
        author=asker,
        category=category,
        title="Is it normal to feel worse after the first infusion?",
        body="Three days after my first IVIG I feel more tired than before.",
    )
    Post.objects.filter(pk=topic.opening_post_id).update(state=Post.State.APPROVED)
    reply = make_reply(topic=topic, author=MemberFactory(username="amelia_r"))

    notify_followers.enqueue(reply.pk)

    (message,) = mail.outbox
    assert message.to == ["al@example.org"]
    assert message.subject == "[Askwell] amelia_r replied to your question"
    assert "amelia_r replied to your question." in message.body
    assert "infusion" not in message.body


def test_an_email_says_the_question_and_the_start_of_the_post_to_a_member_who_asked(
    followed, follower
):
    follower.email_excerpts = True
    follower.save()
    reply = make_reply(
        topic=followed,
        author=MemberFactory(username="amelia_r"),
        body="**Pacing** helped me most: I rest _before_ I am tired. " + "More words. " * 60,
    )

    notify_followers.enqueue(reply.pk)

    message = mail.outbox[0]
    assert message.subject == (
        "[Askwell] amelia_r replied to a question you follow: "
        "“How long does recovery usually take?”"
    )
    assert "“How long does recovery usually take?”" in message.body
    # Plain text, cut short.
    assert "Pacing helped me most: I rest before I am tired. More words." in message.body
    assert "**" not in message.body and "<" not in message.body
    assert message.body.count("More words.") < 60
    assert "because you asked for excerpts" in message.body


def test_a_digest_quotes_posts_only_for_a_member_who_asked(followed, follower):
    follower.email_notifications = "daily"
    follower.email_excerpts = True
    follower.save()
    notify_followers.enqueue(make_reply(topic=followed, body="Swimming twice a week.").pk)

    notification_mail.send_digest(member=follower)

    body = mail.outbox[0].body
    assert "a question you follow: “How long does recovery usually take?”" in body
    assert "Swimming twice a week." in body


@pytest.mark.parametrize("choice", ["daily", "never"])
def test_no_email_at_once_for_members_who_chose_otherwise(followed, follower, choice):
    follower.email_notifications = choice
    follower.save()

    notify_followers.enqueue(make_reply(topic=followed).pk)

    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_no_email_without_a_verified_address(followed, follower):
    EmailAddress.objects.filter(user=follower).update(verified=False)

    notify_followers.enqueue(make_reply(topic=followed).pk)

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=follower).exists()


def test_a_notification_is_emailed_once_however_often_the_task_runs(followed, follower):
    reply = make_reply(topic=followed)

    notify_followers.enqueue(reply.pk)
    notify_followers.enqueue(reply.pk)
    notification_mail.email_notification(notification_id=Notification.objects.get().pk)

    assert len(mail.outbox) == 1


def test_no_email_of_a_post_hidden_before_the_email_task_runs(followed, follower):
    reply = make_reply(topic=followed)
    notification = Notification.objects.create(recipient=follower, post=reply, reason="reply")
    Post.objects.filter(pk=reply.pk).update(state=Post.State.HIDDEN)

    notification_mail.email_notification(notification_id=notification.pk)

    assert mail.outbox == []


# The daily digest -------------------------------------------------------------------


@pytest.fixture
def digest_follower(followed, follower):
    follower.email_notifications = "daily"
    follower.save()
    return follower


def test_the_digest_lists_every_new_post_in_one_email(followed, digest_follower):
    first = make_reply(topic=followed, author=MemberFactory(username="replier_rae"))
    second = make_reply(topic=followed, author=MemberFactory(username="replier_ray"))
    for reply in (first, second):
        notify_followers.enqueue(reply.pk)

    output = io.StringIO()
    call_command("send_digests", stdout=output)

    assert output.getvalue() == "Digests sent: 1.\n"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Askwell] 2 new notifications"
    assert "- replier_rae replied to a question you follow\n" in message.body
    assert "How long does recovery" not in message.body
    assert f"http://testserver{reverse('forum:post', args=[second.pk])}\n" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_running_the_digest_again_sends_nothing_twice(followed, digest_follower):
    notify_followers.enqueue(make_reply(topic=followed).pk)

    call_command("send_digests", stdout=io.StringIO())
    call_command("send_digests", stdout=io.StringIO())

    assert len(mail.outbox) == 1


def test_the_digest_leaves_out_posts_hidden_since(followed, digest_follower):
    hidden = make_reply(topic=followed, author=MemberFactory(username="replier_rae"))
    shown = make_reply(topic=followed, author=MemberFactory(username="replier_ray"))
    for reply in (hidden, shown):
        notify_followers.enqueue(reply.pk)
    Post.objects.filter(pk=hidden.pk).update(state=Post.State.HIDDEN)

    notification_mail.send_digests()

    assert "replier_rae" not in mail.outbox[0].body
    assert "replier_ray" in mail.outbox[0].body


@pytest.mark.parametrize("choice", ["immediate", "never"])
def test_the_digest_skips_members_who_did_not_choose_it(followed, follower, choice):
    follower.email_notifications = choice
    follower.save()
    reply = make_reply(topic=followed)
    inbox.create_notifications(post_id=reply.pk)

    notification_mail.send_digests()

    assert mail.outbox == []


def test_a_digest_with_nothing_new_is_not_sent(digest_follower):
    assert notification_mail.send_digests() == (0, 0)
    assert mail.outbox == []


def test_a_digest_that_fails_for_one_member_still_goes_to_the_others(question, monkeypatch):
    members = [MemberFactory(email_notifications="daily") for _ in range(2)]
    for member in members:
        follows.follow_topic(member=member, topic=question)
    inbox.create_notifications(post_id=make_reply(topic=question).pk)
    real_send = notification_mail.send_digest
    calls = []

    def flaky(*, member):
        calls.append(member)
        if len(calls) == 1:
            raise ConnectionRefusedError
        return real_send(member=member)

    monkeypatch.setattr(notification_mail, "send_digest", flaky)

    assert notification_mail.send_digests() == (1, 1)
    assert len(mail.outbox) == 1


# Unsubscribing ----------------------------------------------------------------------


def test_opening_the_unsubscribe_link_changes_nothing(client, follower):
    response = client.get(unsubscribe_url(follower))

    follower.refresh_from_db()
    assert follower.email_notifications == "immediate"
    assert "Stop all e-mail to follower_fay" in response.content.decode()


def test_pressing_the_unsubscribe_button_stops_notification_email(client, follower):
    response = client.post(unsubscribe_url(follower))

    follower.refresh_from_db()
    assert follower.email_notifications == "never"
    assert "we will no longer e-mail follower_fay" in response.content.decode()


def test_a_one_click_unsubscribe_from_a_mail_program_works_without_a_csrf_token(follower):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        unsubscribe_url(follower),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    follower.refresh_from_db()
    assert response.status_code == 200
    assert follower.email_notifications == "never"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused_and_changes_nothing(client, follower, method):
    token = notification_mail.make_unsubscribe_token(follower)
    url = reverse("forum:unsubscribe", args=[token[:-2] + "xx"])

    response = getattr(client, method)(url)

    follower.refresh_from_db()
    assert response.status_code == 400
    assert follower.email_notifications == "immediate"
    assert "This unsubscribe link is not valid" in response.content.decode()


def test_a_token_signed_for_something_else_is_refused(client, follower):
    token = signing.dumps(follower.pk)  # right key, wrong salt

    response = client.post(reverse("forum:unsubscribe", args=[token]))

    follower.refresh_from_db()
    assert response.status_code == 400
    assert follower.email_notifications == "immediate"


def test_an_unsubscribe_link_of_a_closed_account_is_refused(client, follower):
    url = unsubscribe_url(follower)
    follower.is_active = False
    follower.save()

    response = client.post(url)

    assert response.status_code == 400


def test_unsubscribe_link_only_changes_the_member_it_was_made_for(client, follower, member):
    client.force_login(member)

    client.post(unsubscribe_url(follower))

    member.refresh_from_db()
    assert member.email_notifications == "immediate"
