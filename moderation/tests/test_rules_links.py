"""The rejection and suspension e-mails link the community guidelines, which say how to
ask for a decision to be looked at again."""

import datetime

from django.core import mail
from django.utils import timezone

from moderation import members, posts

GUIDELINES = "http://testserver/about/guidelines/"


def test_the_rejection_email_links_the_guidelines(
    moderator, pending_question, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posts.reject_post(
            post=pending_question.opening_post, moderator=moderator, reason="Off topic"
        )

    assert GUIDELINES in mail.outbox[-1].body


def test_the_suspension_email_links_the_guidelines(
    moderator, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members.suspend_member(
            moderator=moderator,
            member=member,
            until=timezone.now() + datetime.timedelta(days=1),
            reason="Rude replies",
        )

    assert GUIDELINES in mail.outbox[-1].body
