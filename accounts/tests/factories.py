import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.services import MODERATORS_GROUP
from accounts.usernames import stored_skeleton

PASSWORD = "correct-horse-battery-staple"


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailAddress

    email = factory.LazyAttribute(lambda a: a.user.email)
    primary = True
    verified = True


class MemberFactory(factory.django.DjangoModelFactory):
    """A member who signed up and (unless verified=False) confirmed their e-mail."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        verified = True

    username = factory.Sequence(lambda n: f"member{n}")
    username_skeleton = factory.LazyAttribute(lambda u: stored_skeleton(u.username))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)
    email_address = factory.RelatedFactory(
        EmailAddressFactory,
        factory_related_name="user",
        verified=factory.SelfAttribute("..verified"),
    )


class ModeratorFactory(MemberFactory):
    """A staff member of the Moderators group (made by a migration), not a superuser."""

    is_staff = True

    @factory.post_generation
    def moderators_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
