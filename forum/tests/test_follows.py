import pytest
from django.urls import reverse

from forum import asking
from forum.models import CategorySubscription, Post, TopicSubscription
from forum.notifications import follows as following
from forum.tests.factories import make_question

FOLLOW, UNFOLLOW = {"follow": "on"}, {"follow": "off"}


def follow_url(topic):
    return reverse("forum:follow-topic", args=[topic.pk])


def category_url(category):
    return reverse("forum:follow-category", args=[category.slug])


def follows(member, topic):
    return TopicSubscription.objects.filter(member=member, topic=topic).exists()


# Services ----------------------------------------------------------------------------


def test_asking_a_question_makes_the_asker_follow_it(member, category):
    topic = asking.ask_question(
        author=member,
        category=category,
        title="Does anyone else feel tired after infusions?",
        body="I have my third infusion next week and wonder what to expect.",
    )

    assert follows(member, topic)


def test_replying_follows_the_question(member, question):
    asking.reply(author=member, topic=question, body="Pacing helped me most in the first weeks.")

    assert follows(member, question)


def test_a_reply_waiting_for_review_follows_the_question_too(always_review_member, question):
    post = asking.reply(
        author=always_review_member, topic=question, body="Pacing helped me most of all."
    )

    assert post.state == Post.State.PENDING
    assert follows(always_review_member, question)


def test_a_member_who_turned_it_off_does_not_follow_what_they_reply_to(member, question):
    member.follow_replied_questions = False
    member.save()

    asking.reply(author=member, topic=question, body="Pacing helped me most in the first weeks.")

    assert not follows(member, question)


def test_replying_again_to_a_question_one_stopped_following_follows_it_again(member, question):
    asking.reply(author=member, topic=question, body="Pacing helped me most in the first weeks.")
    following.unfollow_topic(member=member, topic=question)

    asking.reply(author=member, topic=question, body="And swimming, later on, twice a week.")

    assert TopicSubscription.objects.filter(member=member, topic=question).count() == 1


def test_after_replying_the_button_says_the_question_is_followed(client, member, question):
    client.force_login(member)

    response = client.post(
        reverse("forum:reply", args=[question.category.slug, question.pk, question.slug]),
        {"body": "Resting in the afternoon helped me a lot."},
        follow=True,
    )

    page = response.content.decode()
    assert 'Following <span aria-hidden="true">✓</span>' in page
    assert ">Stop following</button>" in page
    assert ">Follow this question</button>" not in page


def test_following_a_question_twice_keeps_one_follow(member, question):
    following.follow_topic(member=member, topic=question)
    following.follow_topic(member=member, topic=question)

    assert TopicSubscription.objects.filter(member=member, topic=question).count() == 1


def test_unfollowing_a_question_not_followed_changes_nothing(member, question):
    following.unfollow_topic(member=member, topic=question)

    assert not follows(member, question)


def test_following_a_category_twice_keeps_one_follow(member, category):
    following.follow_category(member=member, category=category)
    following.follow_category(member=member, category=category)

    assert CategorySubscription.objects.filter(member=member, category=category).count() == 1


# Following a question: permissions ----------------------------------------------------


def test_anonymous_visitor_following_a_question_is_sent_to_sign_in(client, question):
    response = client.post(follow_url(question), FOLLOW)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not TopicSubscription.objects.exists()


@pytest.mark.parametrize("role", ["member", "other_member", "suspended_member", "moderator"])
def test_any_member_may_follow_a_published_question(client, request, role, question):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.post(follow_url(question), FOLLOW, follow=True)

    assert follows(user, question)
    assert "You are following" in response.content.decode()
    assert response.redirect_chain[-1][0] == question.get_absolute_url()


def test_member_cannot_follow_someone_elses_pending_question(
    client, other_member, pending_question
):
    client.force_login(other_member)

    response = client.post(follow_url(pending_question), FOLLOW)

    assert response.status_code == 404
    assert not follows(other_member, pending_question)


def test_asker_may_follow_their_own_pending_question(client, member, pending_question):
    client.force_login(member)

    client.post(follow_url(pending_question), FOLLOW)

    assert follows(member, pending_question)


def test_moderator_may_follow_a_pending_question(client, moderator, pending_question):
    client.force_login(moderator)

    client.post(follow_url(pending_question), FOLLOW)

    assert follows(moderator, pending_question)


def test_unfollowing_a_question_stops_following_it(client, member, question):
    following.follow_topic(member=member, topic=question)
    client.force_login(member)

    response = client.post(follow_url(question), UNFOLLOW, follow=True)

    assert not follows(member, question)
    assert "You no longer follow" in response.content.decode()


def test_pressing_follow_twice_leaves_the_question_followed(client, member, question):
    client.force_login(member)

    client.post(follow_url(question), FOLLOW)
    client.post(follow_url(question), FOLLOW)

    assert TopicSubscription.objects.filter(member=member, topic=question).count() == 1


def test_following_needs_a_post_request(client, member, question):
    client.force_login(member)

    response = client.get(follow_url(question) + "?follow=on")

    assert response.status_code == 405
    assert not follows(member, question)


# Following a question: bad input ----------------------------------------------------


def test_following_an_unknown_question_is_not_found(client, member):
    client.force_login(member)

    response = client.post(reverse("forum:follow-topic", args=[999999]), FOLLOW)

    assert response.status_code == 404


@pytest.mark.parametrize("data", [{}, {"follow": "maybe"}, {"follow": ""}])
def test_a_follow_request_without_a_clear_choice_changes_nothing_and_says_so(
    client, member, question, data
):
    client.force_login(member)

    response = client.post(follow_url(question), data, follow=True)

    assert not follows(member, question)
    assert "Choose whether to follow or to stop following." in response.content.decode()


def test_following_goes_back_to_a_page_of_this_site_only(client, member, question):
    client.force_login(member)

    response = client.post(follow_url(question), {**FOLLOW, "next": "https://evil.example/"})

    assert response.url == question.get_absolute_url()


def test_following_goes_back_to_the_page_named_in_next(client, member, question):
    client.force_login(member)
    settings_url = reverse("notification-settings")

    response = client.post(follow_url(question), {**UNFOLLOW, "next": settings_url})

    assert response.url == settings_url


# Following a category ---------------------------------------------------------------


def test_anonymous_visitor_following_a_category_is_sent_to_sign_in(client, category):
    response = client.post(category_url(category), FOLLOW)

    assert response.url.startswith(reverse("account_login"))
    assert not CategorySubscription.objects.exists()


@pytest.mark.parametrize("role", ["member", "other_member", "suspended_member", "moderator"])
def test_any_member_may_follow_a_category(client, request, role, category):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.post(category_url(category), FOLLOW, follow=True)

    assert CategorySubscription.objects.filter(member=user, category=category).exists()
    assert "You are following" in response.content.decode()


def test_unfollowing_a_category_stops_following_it(client, member, category):
    following.follow_category(member=member, category=category)
    client.force_login(member)

    client.post(category_url(category), UNFOLLOW)

    assert not CategorySubscription.objects.filter(member=member, category=category).exists()


def test_following_an_unknown_category_is_not_found(client, member):
    client.force_login(member)

    response = client.post(reverse("forum:follow-category", args=["no-such-place"]), FOLLOW)

    assert response.status_code == 404


def test_a_category_follow_request_with_a_bad_choice_changes_nothing(client, member, category):
    client.force_login(member)

    response = client.post(category_url(category), {"follow": "yes please"}, follow=True)

    assert not CategorySubscription.objects.exists()
    assert "Choose whether to follow or to stop following." in response.content.decode()


# The button -------------------------------------------------------------------------


def test_question_page_tells_a_follower_they_follow_and_offers_to_stop(client, member, question):
    following.follow_topic(member=member, topic=question)
    client.force_login(member)

    page = client.get(question.get_absolute_url()).content.decode()

    assert 'Following <span aria-hidden="true">✓</span>' in page
    assert 'name="follow" value="off"' in page
    assert ">Stop following</button>" in page
    assert "Follow this question" not in page


def test_question_page_offers_other_members_to_follow(client, member, question):
    client.force_login(member)

    page = client.get(question.get_absolute_url()).content.decode()

    assert ">Follow this question</button>" in page
    assert 'name="follow" value="on"' in page
    assert 'Following <span aria-hidden="true">✓</span>' not in page


def test_question_page_asks_anonymous_visitors_to_sign_in_to_follow(client, question):
    page = client.get(question.get_absolute_url()).content.decode()

    assert "to follow this question" in page
    assert "Follow this question</button>" not in page


def test_category_page_shows_whether_the_member_follows_it(client, member, category):
    following.follow_category(member=member, category=category)
    client.force_login(member)

    page = client.get(category.get_absolute_url()).content.decode()

    assert 'Following <span aria-hidden="true">✓</span>' in page
    assert ">Stop following</button>" in page
    assert "Follow this category" not in page


def test_a_followed_question_that_is_hidden_since_is_not_named_on_the_settings_page(
    client, other_member, member
):
    topic = make_question(author=member, title="A question later hidden by moderators")
    following.follow_topic(member=other_member, topic=topic)
    Post.objects.filter(pk=topic.opening_post_id).update(state=Post.State.HIDDEN)
    client.force_login(other_member)

    page = client.get(reverse("notification-settings")).content.decode()

    assert "A question later hidden by moderators" not in page
