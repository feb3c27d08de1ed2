"""
The e-mails moderators' decisions send, by the task worker, never in the request that
made the decision. The workers get ids, never model instances.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import outbox
from accounts.models import ProfessionalApplication, User
from forum.models import Post


def _send(*, template, context, to):
    context = {
        **context,
        "guidelines_url": settings.SITE_URL + reverse("pages:page", args=["guidelines"]),
    }
    outbox.send(
        EmailMessage(
            subject=render_to_string(f"moderation/email/{template}_subject.txt", context).strip(),
            body=render_to_string(f"moderation/email/{template}_message.txt", context),
            to=[to],
        )
    )


@task
def send_rejection_notice(post_id):
    """E-mail a member that their post was not published, with the moderator's reason."""
    post = Post.objects.select_related("author", "topic__category").get(pk=post_id)
    if post.author is None or not post.author.email:
        return
    context = {
        "post": post,
        "topic": post.topic,
        "member": post.author,
        "post_url": settings.SITE_URL + post.get_absolute_url(),
    }
    _send(template="post_rejected", context=context, to=post.author.email)


@task
def send_suspension_notice(member_id):
    """E-mail a member that they are suspended: why, and until when."""
    member = User.objects.get(pk=member_id)
    if not member.email or not member.is_currently_suspended():
        return
    context = {"member": member, "site_url": settings.SITE_URL}
    _send(template="suspension", context=context, to=member.email)


@task
def send_professional_decision(application_id):
    """E-mail a member the moderators' decision on their professional application."""
    application = ProfessionalApplication.objects.select_related("member").get(pk=application_id)
    member = application.member
    if not member.email:
        return
    context = {
        "application": application,
        "member": member,
        "approved": application.status == ProfessionalApplication.Status.APPROVED,
        "status_url": settings.SITE_URL + reverse("professional-application"),
    }
    _send(template="professional_decision", context=context, to=member.email)
