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
