"""
Every e-mail Askwell sends leaves through here: `send(message)` stores the message as
a task, and the task worker delivers it. No page waits on the mail server, and a mail
server that refuses, drops the connection or hangs (SMTP has a short timeout) only
delays the message: delivery is tried again with growing delays
(ASKWELL_EMAIL_RETRY_DELAYS) for a bounded time. A message that still cannot be
delivered after the last attempt ends as a failed task, with the reason, in the
admin's "Task results" (superusers), and in the error log.

This is the lowest app that sends mail (allauth's messages, through the account
adapter); the forum's notifications, the moderators' notices and the privacy e-mails
use it too.
"""

import email.policy
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


class UndeliverableEmail(Exception):
    """The mail server refused or failed every attempt at one message."""


# Errors after which the same message may get through later: the server is down,
# drops the connection, times out or says "try again" (4xx). A refused recipient or
# sender (5xx) will be refused again, and is not retried.
_PERMANENT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def _is_transient(error):
    if isinstance(error, _PERMANENT):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return not 500 <= error.smtp_code < 600
    return True


class OutgoingEmail(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        # Python folds headers at 78 characters and, as a URL has no space to fold at,
        # would turn a List-Unsubscribe link into RFC 2047 encoded words, which mail
        # programs do not read there. Fold at RFC 5322's own limit instead.
        return super().message(policy=policy.clone(max_line_length=998))


def serialize(message):
    """A message as the JSON a task's arguments are stored as."""
    if message.attachments:
        raise ValueError("Askwell's e-mails carry no attachments.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def deserialize(data):
    message = OutgoingEmail(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def send(message):
    """Queue `message` (an EmailMessage) for the worker to deliver. Inside a
    transaction, the task is stored with it: rolled back together."""
    deliver_email.enqueue(serialize(message))


def retry_delays():
    return list(settings.ASKWELL_EMAIL_RETRY_DELAYS)


@task
def deliver_email(message, attempt=1):
    """
    Deliver one message. On a transient failure, queue attempt `attempt + 1` after the
    next delay; after the last, fail with UndeliverableEmail. Returns what happened.
    """
    recipients = ", ".join(message["to"] + message["cc"] + message["bcc"])
    email = deserialize(message)
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        if not _is_transient(error):
            raise UndeliverableEmail(
                f"The mail server refused {message['subject']!r} to {recipients}: {error!r}"
            ) from error
        delays = retry_delays()
        backend = deliver_email.get_backend()
        if attempt > len(delays) or not backend.supports_defer:
            logger.error(
                "Gave up delivering %r to %s after %d attempt(s): %r",
                message["subject"],
                recipients,
                attempt,
                error,
            )
            raise UndeliverableEmail(
                f"Gave up delivering {message['subject']!r} to {recipients} after "
                f"{attempt} attempt(s): {error!r}"
            ) from error
        retry_at = timezone.now() + timedelta(seconds=delays[attempt - 1])
        deliver_email.using(run_after=retry_at).enqueue(message, attempt + 1)
        logger.warning(
            "Could not deliver %r (attempt %d): %r; trying again at %s",
            message["subject"],
            attempt,
            error,
            retry_at.isoformat(),
        )
        return {"delivered": False, "attempt": attempt, "retry_at": retry_at.isoformat()}
    return {"delivered": True, "attempt": attempt}
