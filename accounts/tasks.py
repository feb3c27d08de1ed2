from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse


@task
def send_professional_decision(application_id):
    """E-mail a member the moderators' decision on their professional application."""
    from .models import ProfessionalApplication

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
    send_mail(
        subject=render_to_string(
            "accounts/email/professional_decision_subject.txt", context
        ).strip(),
        message=render_to_string("accounts/email/professional_decision_message.txt", context),
        from_email=None,
        recipient_list=[member.email],
    )


@task
def send_suspension_notice(member_id):
    """E-mail a member that they are suspended: why, and until when."""
    from .models import User

    member = User.objects.get(pk=member_id)
    if not member.email or not member.is_currently_suspended():
        return
    context = {"member": member, "site_url": settings.SITE_URL}
    send_mail(
        subject=render_to_string("accounts/email/suspension_subject.txt", context).strip(),
        message=render_to_string("accounts/email/suspension_message.txt", context),
        from_email=None,
        recipient_list=[member.email],
    )
