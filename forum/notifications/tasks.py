"""
The notification work the task worker does, off the request path. The workers get
ids, never model instances: a task's arguments are stored as JSON.
"""

from django.tasks import task

from .inbox import (
    create_mention_notifications,
    create_notifications,
    create_publication_notice,
)
from .mail import email_notification


@task
def notify_followers(post_id):
    """Notify the followers of a post that has just become visible to all, then queue
    an e-mail for each one who wants it at once: one task per e-mail, so that a
    failure for one member leaves the others' e-mail going."""
    for notification in create_notifications(post_id=post_id):
        send_notification_email.enqueue(notification.pk)


@task
def notify_author_published(post_id):
    """Tell the author of a post a moderator has just published, in the site and (by
    their setting) by e-mail at once; a digest member finds it in their digest."""
    for notification in create_publication_notice(post_id=post_id):
        send_notification_email.enqueue(notification.pk)


@task
def notify_mentioned(post_id):
    """Tell the members a published post mentions since it was edited (who were not
    told of it already)."""
    for notification in create_mention_notifications(post_id=post_id):
        send_notification_email.enqueue(notification.pk)


@task
def send_notification_email(notification_id):
    """E-mail one notification (forum.notifications.mail.email_notification)."""
    email_notification(notification_id=notification_id)
