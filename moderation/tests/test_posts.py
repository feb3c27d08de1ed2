"""
Moderators' decisions on posts waiting for review (moderation.posts): approving
publishes and counts them and tells followers; rejecting keeps them unpublished and
e-mails the author why; only moderators decide, once. (Decisions on flagged posts:
test_posts_flags.py.)
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.tests.factories import MemberFactory
from forum import asking
from forum.errors import Refused
from forum.models import ModerationEvent, Notification, Post, Topic
from forum.notifications import follows
from forum.tests.factories import make_question, make_reply
from moderation import posts as moderation_posts

BODY = "I was diagnosed last month and wonder what to expect."


@pytest.fixture
def follower_emails():
    """Followers here are told in the site only."""
    return "never"


def ask(author, category, title="How long does recovery usually take?", **kwargs):
    return asking.ask_question(author=author, category=category, title=title, body=BODY, **kwargs)


def reply(author, topic, body="I had the same question after my diagnosis."):
    return asking.reply(author=author, topic=topic, body=body)


def notified(post):
    """Who was told of `post` (not its author's own notice that it was published)."""
    return set(
        Notification.objects.filter(post=post)
        .exclude(reason=Notification.Reason.PUBLISHED)
        .values_list("recipient__username", flat=True)
    )


# Approving counts a post: only approved replies count, updated in the database.


def test_approving_a_reply_counts_it_and_moves_last_activity(member, moderator, question):
    post = reply(member, question)

    approved = moderation_posts.approve_post(post=post, moderator=moderator)

    question.refresh_from_db()
    assert question.reply_count == 1
    assert question.last_activity_at == approved.reviewed_at


def test_a_new_members_question_is_counted_in_its_category_only_once_approved(
    member, moderator, category
):
    topic = ask(member, category)
    category.refresh_from_db()
    assert (category.question_count, category.last_activity_at) == (0, None)

    approved = moderation_posts.approve_post(post=topic.opening_post, moderator=moderator)

    category.refresh_from_db()
    assert category.question_count == 1
    assert category.last_activity_at == approved.reviewed_at


def test_approving_two_replies_counts_both(member, other_member, moderator, question):
    first = reply(member, question)
    second = reply(other_member, question)

    moderation_posts.approve_post(post=first, moderator=moderator)
    moderation_posts.approve_post(post=second, moderator=moderator)

    assert Topic.objects.get(pk=question.pk).reply_count == 2


def test_approving_an_old_reply_never_moves_last_activity_backwards(member, moderator):
    topic = make_question()
    future = timezone.now() + datetime.timedelta(days=1)
    Topic.objects.filter(pk=topic.pk).update(last_activity_at=future)
    post = make_reply(topic=topic, author=member, state=Post.State.PENDING)

    moderation_posts.approve_post(post=post, moderator=moderator)

    assert Topic.objects.get(pk=topic.pk).last_activity_at == future


def test_approving_a_question_does_not_count_it_as_a_reply(pending_question, moderator):
    approved = moderation_posts.approve_post(
        post=pending_question.opening_post, moderator=moderator
    )

    pending_question.refresh_from_db()
    assert pending_question.reply_count == 0
    assert pending_question.last_activity_at == approved.reviewed_at


def test_rejecting_a_reply_leaves_the_counters_alone(member, moderator, question):
    post = reply(member, question)
    before = Topic.objects.get(pk=question.pk).last_activity_at

    moderation_posts.reject_post(post=post, moderator=moderator, reason="Off topic.")

    question.refresh_from_db()
    assert question.reply_count == 0
    assert question.last_activity_at == before


# Approving tells followers.


def test_a_reply_waiting_for_review_notifies_no_one_until_approved(
    followed, follower, always_review_member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = asking.reply(
            author=always_review_member, topic=followed, body="My physio suggested short walks."
        )
    assert notified(reply) == set()

    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.approve_post(post=reply, moderator=moderator)

    assert notified(reply) == {"follower_fay"}


def test_an_approved_question_notifies_the_followers_of_its_category(
    follower, category, pending_question, moderator, django_capture_on_commit_callbacks
):
    follows.follow_category(member=follower, category=pending_question.category)

    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.approve_post(post=pending_question.opening_post, moderator=moderator)

    assert notified(pending_question.opening_post) == {"follower_fay"}


# Moderation decisions.


def test_approving_publishes_the_post_and_records_who_and_when(pending_question, moderator):
    approved = moderation_posts.approve_post(
        post=pending_question.opening_post, moderator=moderator
    )

    post = Post.objects.get(pk=approved.pk)
    assert post.state == Post.State.APPROVED
    assert post.reviewed_by == moderator
    assert post.reviewed_at is not None


def test_approving_writes_a_moderation_event(pending_question, moderator):
    post = pending_question.opening_post

    moderation_posts.approve_post(post=post, moderator=moderator)

    event = ModerationEvent.objects.get()
    assert (event.post, event.moderator, event.action, event.reason) == (
        post,
        moderator,
        ModerationEvent.Action.APPROVE,
        "",
    )


def test_rejecting_keeps_the_post_unpublished_with_the_reason(pending_question, moderator):
    moderation_posts.reject_post(
        post=pending_question.opening_post, moderator=moderator, reason="  Please no ads.  "
    )

    post = Post.objects.get(pk=pending_question.opening_post.pk)
    assert post.state == Post.State.REJECTED
    assert post.rejection_reason == "Please no ads."
    assert post.reviewed_by == moderator
    assert post.reviewed_at is not None


def test_rejecting_writes_a_moderation_event_with_the_reason(pending_question, moderator):
    post = pending_question.opening_post

    moderation_posts.reject_post(post=post, moderator=moderator, reason="Please no ads.")

    event = ModerationEvent.objects.get()
    assert (event.post, event.moderator, event.action, event.reason) == (
        post,
        moderator,
        ModerationEvent.Action.REJECT,
        "Please no ads.",
    )


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_rejecting_needs_a_reason(pending_question, moderator, reason):
    with pytest.raises(Refused):
        moderation_posts.reject_post(
            post=pending_question.opening_post, moderator=moderator, reason=reason
        )

    assert Post.objects.get(pk=pending_question.opening_post.pk).state == Post.State.PENDING
    assert not ModerationEvent.objects.exists()


def test_rejecting_e_mails_the_author_the_reason_and_a_link(
    pending_question, member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    post = pending_question.opening_post

    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.reject_post(post=post, moderator=moderator, reason="Please no ads.")

    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert (
        mail.subject == "[Askwell] Your post in “Private worry about my dosage” was not published"
    )
    assert "Please no ads." in mail.body
    assert f"http://testserver{pending_question.get_absolute_url()}#post-{post.pk}" in mail.body


def test_the_rejection_e_mail_waits_until_the_decision_is_committed(
    pending_question, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moderation_posts.reject_post(
            post=pending_question.opening_post, moderator=moderator, reason="Please no ads."
        )

    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_approving_e_mails_the_author_only_that_it_was_published(
    pending_question, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.approve_post(post=pending_question.opening_post, moderator=moderator)

    (message,) = mailoutbox
    assert message.to == [pending_question.opening_post.author.email]
    assert message.subject == "[Askwell] Your question was published"
    assert pending_question.title not in message.body


def test_approving_an_already_approved_post_is_refused_and_changes_nothing(moderator, question):
    make_reply(topic=question)
    question.refresh_from_db()

    with pytest.raises(Refused, match="no longer waiting for review"):
        moderation_posts.approve_post(post=question.opening_post, moderator=moderator)

    post = Post.objects.get(pk=question.opening_post.pk)
    assert post.reviewed_by is None
    assert Topic.objects.get(pk=question.pk).reply_count == 1
    assert not ModerationEvent.objects.exists()


def test_approving_the_same_reply_twice_counts_it_once(member, moderator, question):
    post = reply(member, question)

    moderation_posts.approve_post(post=post, moderator=moderator)
    with pytest.raises(Refused):
        moderation_posts.approve_post(post=post, moderator=moderator)

    assert Topic.objects.get(pk=question.pk).reply_count == 1
    assert ModerationEvent.objects.count() == 1


def test_approving_a_rejected_post_is_refused_and_leaves_it_rejected(moderator):
    topic = make_question(state=Post.State.REJECTED)

    with pytest.raises(Refused):
        moderation_posts.approve_post(post=topic.opening_post, moderator=moderator)

    assert Post.objects.get(pk=topic.opening_post.pk).state == Post.State.REJECTED
    assert not ModerationEvent.objects.exists()


def test_rejecting_a_removed_post_is_refused_and_sends_nothing(
    member, moderator, question, mailoutbox, django_capture_on_commit_callbacks
):
    post = make_reply(topic=question, author=member, state=Post.State.REMOVED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        moderation_posts.reject_post(post=post, moderator=moderator, reason="Too late.")

    post.refresh_from_db()
    assert post.state == Post.State.REMOVED
    assert post.rejection_reason == ""
    assert not ModerationEvent.objects.exists()
    assert mailoutbox == []


def test_rejecting_the_same_post_twice_e_mails_the_author_once(
    pending_question, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    post = pending_question.opening_post

    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.reject_post(post=post, moderator=moderator, reason="Please no ads.")
        with pytest.raises(Refused, match="already rejected"):
            moderation_posts.reject_post(post=post, moderator=moderator, reason="Second thoughts.")

    assert Post.objects.get(pk=post.pk).rejection_reason == "Please no ads."
    assert len(mailoutbox) == 1
    assert ModerationEvent.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "staff_member", "suspended_member"])
def test_someone_without_the_moderation_permission_may_not_approve(request, who, pending_question):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        moderation_posts.approve_post(post=pending_question.opening_post, moderator=user)
    assert Post.objects.get(pk=pending_question.opening_post.pk).state == Post.State.PENDING
    assert not ModerationEvent.objects.exists()


@pytest.mark.parametrize("who", ["member", "staff_member", "suspended_member"])
def test_someone_without_the_moderation_permission_may_not_reject(
    request, who, pending_question, mailoutbox, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied), django_capture_on_commit_callbacks(execute=True):
        moderation_posts.reject_post(
            post=pending_question.opening_post, moderator=user, reason="No."
        )
    assert Post.objects.get(pk=pending_question.opening_post.pk).state == Post.State.PENDING
    assert mailoutbox == []


def test_the_moderation_permission_without_staff_status_is_not_enough(pending_question):
    user = MemberFactory()
    user.user_permissions.add(Permission.objects.get(codename="moderate_post"))

    with pytest.raises(PermissionDenied):
        moderation_posts.approve_post(post=pending_question.opening_post, moderator=user)


def test_a_deactivated_moderator_may_not_approve(pending_question, moderator):
    moderator.is_active = False
    moderator.save()

    with pytest.raises(PermissionDenied):
        moderation_posts.approve_post(post=pending_question.opening_post, moderator=moderator)


def test_editing_then_approving_tells_the_author_it_was_published(
    pending_question, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation_posts.edit_and_approve_post(
            post=pending_question.opening_post,
            moderator=moderator,
            body="A question about my dose, with the phone number taken out.",
        )

    notice = Notification.objects.get(post=pending_question.opening_post)
    assert notice.reason == Notification.Reason.PUBLISHED
    assert notice.recipient == pending_question.opening_post.author
