"""
A member who has used every part of Askwell, for the tests of exporting and deleting
their data: everything that can hold their username, e-mail address or bio is made
here, through the services members and moderators use.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts import services as account_services
from accounts.avatars import process_avatar
from accounts.models import Member
from accounts.tests import professionals, staff
from accounts.tests.factories import MemberFactory
from config.privacy import export as exports
from config.privacy import services as privacy_services
from forum import answers, asking, drafts, editing, flags
from forum.models import Category, Post
from forum.notifications import follows, inbox
from forum.tests.factories import make_question, make_reply
from moderation import members as moderation_members
from moderation import posts as moderation_posts
from moderation import professionals as moderation_professionals

USERNAME = "zelda_quill"
EMAIL = "zelda.quill@example.net"
OLD_EMAIL = "zq.before@example.com"
BIO = "I restore antique barometers in Dunwich"


def jpeg_upload(name="me.jpg", size=(64, 48), colour=(200, 30, 30), **save_options):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", **save_options)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@dataclass
class Footprint:
    leaver: object
    other: object
    moderator: object
    their_question: object  # published, answered by `other`, whose reply they marked
    their_lonely_question: object  # published, nobody replied
    their_anonymous_question: object
    others_question: object  # by `other`, where their reply is the answer that helped
    their_reply: object
    their_pending_reply: object
    others_reply: object  # to their question: the answer that helped, marked helpful


def make_footprint(*, moderator, client):
    """`zelda_quill` and everything she did, and `other` who talked with her."""
    leaver = MemberFactory(username=USERNAME, email=EMAIL)
    EmailAddress.objects.create(user=leaver, email=OLD_EMAIL, verified=False, primary=False)
    other = MemberFactory(username="other_ottilie")
    category = Category.objects.order_by("position").first()
    account_services.update_profile(member=leaver, bio=BIO, avatar=process_avatar(jpeg_upload()))
    staff.give_totp(leaver)

    their_question = make_question(
        author=leaver, category=category, title="Does cold weather make weakness worse?"
    )
    others_reply = make_reply(topic=their_question, author=other, body="Yes, I wrap up well.")
    answers.mark_helpful(post=others_reply, member=leaver)
    answers.accept_answer(post=others_reply, member=leaver)
    their_lonely_question = make_question(
        author=leaver, category=category, title="Anyone else swim in the sea?", slug="sea"
    )
    their_anonymous_question = asking.ask_question(
        author=leaver,
        category=category,
        title="A question I would rather ask without my name",
        body="Something private about my treatment and my family.",
        anonymous=True,
    )
    others_question = make_question(author=other, category=category, title="How do you pace?")
    their_reply = make_reply(topic=others_question, author=leaver, body="Short walks, often.")
    editing.edit_post(
        post=their_reply, editor=leaver, body="Short walks, often, and rests between."
    )
    answers.mark_helpful(post=their_reply, member=other)
    answers.accept_answer(post=their_reply, member=other)
    their_pending_reply = make_reply(
        topic=others_question,
        author=leaver,
        body="Also a stool in the shower.",
        state=Post.State.PENDING,
    )

    drafts.save_draft(author=leaver, title="Half a question", body="I started writing")
    follows.follow_category(member=leaver, category=category)
    follows.follow_topic(member=leaver, topic=others_question)
    later = make_reply(topic=others_question, author=other, body="Glad that helps you.")
    inbox.create_notifications(post_id=later.pk)
    flags.flag_post(post=later, flagger=leaver, reason="other", detail="Seems off topic to me")
    flags.flag_post(post=their_reply, flagger=other, reason="spam")

    application = professionals.apply(leaver)
    moderation_professionals.approve_professional_application(
        moderator=moderator, application=application
    )
    moderation_posts.reject_post(
        post=their_pending_reply, moderator=moderator, reason=f"Please, {USERNAME}, no lists."
    )
    moderation_members.add_member_note(
        moderator=moderator, member=leaver, text=f"Wrote to {EMAIL} about her posts."
    )
    moderation_members.suspend_member(
        moderator=moderator,
        member=leaver,
        until=timezone.now() + timedelta(days=1),
        reason=f"{USERNAME} was rude",
    )
    moderation_members.lift_suspension(moderator=moderator, member=leaver)
    LogEntry.objects.create(
        user=moderator,
        content_type=ContentType.objects.get_for_model(Member, for_concrete_model=False),
        object_id=str(leaver.pk),
        object_repr=USERNAME,
        action_flag=CHANGE,
        change_message=f"Looked at {USERNAME} ({EMAIL})",
    )

    client.force_login(leaver)
    UserSession.objects.create(
        user=leaver,
        session_key=client.session.session_key,
        ip="192.0.2.7",
        user_agent="Mozilla/5.0 (X11; Linux) Firefox/140.0",
    )
    exports.build_export(export_id=privacy_services.request_export(member=leaver).pk)

    leaver.refresh_from_db()
    return Footprint(
        leaver=leaver,
        other=other,
        moderator=moderator,
        their_question=their_question,
        their_lonely_question=their_lonely_question,
        their_anonymous_question=their_anonymous_question,
        others_question=others_question,
        their_reply=their_reply,
        their_pending_reply=their_pending_reply,
        others_reply=others_reply,
    )
