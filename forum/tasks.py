from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string


@task
def send_rejection_notice(post_id):
    """E-mail a member that their post was not published, with the moderator's reason."""
    from .models import Post

    post = Post.objects.select_related("author", "topic__category").get(pk=post_id)
    if not post.author.email:
        return
    context = {
        "post": post,
        "topic": post.topic,
        "member": post.author,
        "post_url": settings.SITE_URL + post.get_absolute_url(),
    }
    send_mail(
        subject=render_to_string("forum/email/post_rejected_subject.txt", context).strip(),
        message=render_to_string("forum/email/post_rejected_message.txt", context),
        from_email=None,
        recipient_list=[post.author.email],
    )


# The workers get ids, never model instances: a task's arguments are stored as JSON.


@task
def notify_followers(post_id):
    """Notify the followers of a post that has just become visible to all, then queue
    an e-mail for each one who wants it at once: one task per e-mail, so that a
    failure for one member leaves the others' e-mail going."""
    from .notifications import create_notifications

    for notification in create_notifications(post_id=post_id):
        send_notification_email.enqueue(notification.pk)


@task
def send_notification_email(notification_id):
    """E-mail one notification (forum.notifications.email_notification)."""
    from .notifications import email_notification

    email_notification(notification_id=notification_id)
