"""Professional applications and verified health professionals, as the tests make
them: an application as the form sends it, and a member verified until a date."""

from datetime import timedelta

from django.utils import timezone

from accounts import services
from accounts.models import ProfessionalApplication


def typed(**changes):
    """What a member types into the application form."""
    return {
        "profession": "Neurologist",
        "registration_body": "Health and Care Professions Council",
        "registration_number": "GMC-7654321",
        "country": "GB",
        **changes,
    }


def apply(member, **changes):
    """`member`'s application, sent through the service the form uses."""
    return services.submit_professional_application(member=member, **typed(**changes))


def verified(member, *, until=None):
    """`member`, shown as a verified Neurologist until `until` (in 30 days by default)."""
    member.professional_title = "Neurologist"
    member.professional_until = until or timezone.localdate() + timedelta(days=30)
    member.save()
    return member


def lapsed(member):
    """`member`, whose verification as a Neurologist ended yesterday."""
    return verified(member, until=timezone.localdate() - timedelta(days=1))


def decided(application, *, moderator, status, **fields):
    """`application` as a moderator's decision leaves it (the decisions themselves are
    moderation.professionals')."""
    ProfessionalApplication.objects.filter(pk=application.pk).update(
        status=status, decided_at=timezone.now(), decided_by=moderator, **fields
    )
    application.refresh_from_db()
    return application
