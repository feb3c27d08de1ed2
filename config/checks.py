"""
System checks for a production deployment (`manage.py check --deploy`).
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Cache backends that live inside one process: each gunicorn worker (and each app
# server) would have its own.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "local memory",
    "django.core.cache.backends.dummy.DummyCache": "no cache at all (DummyCache)",
}


@register(Tags.caches, Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """
    allauth counts sign-in attempts and e-mails sent, and remembers the authenticator
    codes already used, in the default cache. Unless every worker shares that cache,
    an attacker gets a fresh count (and a fresh list of used codes) from each worker.
    """
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    kind = PER_PROCESS_CACHES.get(backend)
    if kind is None:
        return []
    return [
        Warning(
            f"The default cache is {kind}: each worker process keeps its own. Sign-in "
            "rate limits would be counted per worker, and an authenticator code used "
            "once could be used again through another worker.",
            hint="Set REDIS_URL so that every worker and app server shares one cache.",
            id="askwell.W001",
        )
    ]
