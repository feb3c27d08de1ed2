"""Following questions and categories, to be told of their new posts."""

from django.db import transaction

from ..models import CategorySubscription, TopicSubscription


@transaction.atomic
def follow_topic(*, member, topic):
    """Have `member` told of new replies to `topic`. Following twice changes nothing.
    Returns the subscription."""
    subscription, _ = TopicSubscription.objects.get_or_create(member=member, topic=topic)
    return subscription


@transaction.atomic
def unfollow_topic(*, member, topic):
    """Stop telling `member` of new replies to `topic`. Returns the topic."""
    TopicSubscription.objects.filter(member=member, topic=topic).delete()
    return topic


@transaction.atomic
def follow_category(*, member, category):
    """Have `member` told of new questions in `category`. Returns the subscription."""
    subscription, _ = CategorySubscription.objects.get_or_create(member=member, category=category)
    return subscription


@transaction.atomic
def unfollow_category(*, member, category):
    """Stop telling `member` of new questions in `category`. Returns the category."""
    CategorySubscription.objects.filter(member=member, category=category).delete()
    return category


def is_following_topic(user, topic):
    return (
        user.is_authenticated
        and TopicSubscription.objects.filter(member=user, topic=topic).exists()
    )


def is_following_category(user, category):
    return (
        user.is_authenticated
        and CategorySubscription.objects.filter(member=user, category=category).exists()
    )
