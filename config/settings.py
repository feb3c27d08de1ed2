"""
Askwell settings.

One module for every machine: what differs between a laptop, CI and production is
read from environment variables, each with a safe local default. See README.md for
the full list.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core ---------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG")

# Only good for a developer's own machine. With DEBUG off, Askwell refuses to start
# on it: sessions, password-reset links and e-mail confirmations are signed with it.
DEVELOPMENT_SECRET_KEY = "askwell-development-only-not-secret"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Askwell will not run with DEBUG off on the "
        "development secret key. Set DJANGO_SECRET_KEY to a long random value "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
        "or set DJANGO_DEBUG=1 on a development machine."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A refused form's page is in the site's design and gives back what was typed.
CSRF_FAILURE_VIEW = "config.bad_requests.csrf_failure"

INSTALLED_APPS = [
    # Django's admin on Askwell's own site (config/admin.py): the moderators' console,
    # signed in through allauth with a second factor.
    "config.apps.AskwellAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search and trigram lookups on PostgreSQL (forum.search).
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_countries",
    # Askwell's apps, each importing only those below it (make lint checks it).
    "config",
    "moderation",
    "forum",
    "articles",
    "accounts",
    "markup",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Permissions-Policy everywhere; members' pages kept out of shared caches.
    "config.middleware.PrivacyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.bad_requests.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.StaffSessionExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.sessions.SessionActivityMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["forum.templatetags.times"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "forum.context_processors.notifications",
                "moderation.context_processors.moderation_queue",
            ],
        },
    },
]

# Every form on the site, allauth's included, renders its fields through one template
# (templates/includes/form_div.html): label, help text and errors tied to the input.
FORM_RENDERER = "config.forms.SiteFormRenderer"

# Data ---------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# allauth keeps sign-in rate limits and the authenticator codes already used in the
# cache: in production every worker must share it (config/checks.py warns otherwise).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's Redis cache, carrying on without Redis while it is away
            # (config/cache.py): pages never fail for want of the cache.
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "askwell",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Speed: the page cache, sessions, templates ------------------------------------------

# Whole pages for readers without a session (config.pagecache), in the default cache:
# Redis when REDIS_URL is set, this process's memory otherwise. ASKWELL_PAGE_CACHE=0
# turns it off.
ASKWELL_PAGE_CACHE = env_bool("ASKWELL_PAGE_CACHE", True)
MIDDLEWARE.insert(
    MIDDLEWARE.index("config.middleware.PrivacyHeadersMiddleware") + 1,
    "config.pagecache.AnonymousPageCacheMiddleware",
)
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Room for a few hundred pages (each some tens of kB) beside the rate limits.
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 2000}
else:
    # Sessions read from the shared cache, written through to the database: a
    # signed-in request does not wait on a session query. Not with a cache of this
    # process's own, which other workers would not see change.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Templates are compiled once per process: Django's cached loader, which it uses
# whenever TEMPLATES names no loaders (as here), DEBUG on or off.

# Slow work (e-mail to members, notifications) goes through Django's tasks framework.
# Tasks are stored in the database and run by `manage.py db_worker`, which `make run`
# starts beside the web server. TASKS_BACKEND=django.tasks.backends.immediate.
# ImmediateBackend runs each task in the request instead (the tests do).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A task cut short by a database outage is run again by the worker, this many times at
# most (config/management/commands/db_worker.py).
ASKWELL_TASK_DATABASE_RETRIES = 5

# Accounts -----------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's forms with Askwell's labels and help text (accounts/forms.py).
ACCOUNT_FORMS = {
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "login": "accounts.forms.LoginForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "signup": "accounts.forms.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Security e-mails: a member is told at their (old) address when the password, the
# e-mail address or two-factor authentication changes (templates/account/email/,
# templates/mfa/email/). Changing the e-mail address asks for the password again, as
# changing two-factor authentication already does (MFA_REAUTHENTICATION_REQUIRED).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Askwell] "
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_BLACKLIST = [
    "admin",
    "administrator",
    "askwell",
    "moderator",
    "moderators",
    "staff",
    "support",
]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery
# codes. Moderators and administrators must set it up before they can use the admin
# (config/admin.py); members may set it up too, from /accounts/2fa/.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Askwell"
# Staff set one up only through a one-time link an administrator makes
# (`manage.py staff_setup_link <username>`), valid this many hours.
ASKWELL_STAFF_SETUP_LINK_HOURS = int(os.environ.get("ASKWELL_STAFF_SETUP_LINK_HOURS", "24"))

# Signed-in sessions (allauth.usersessions): members see each device and when it was
# last used, and sign out everywhere else, at /accounts/sessions/. The last use is
# noted at most every ASKWELL_SESSION_ACTIVITY_SECONDS (accounts.middleware).
ASKWELL_SESSION_ACTIVITY_SECONDS = 300

# Members' data ------------------------------------------------------------------------

# A member who asks for their account to be deleted has this many days to change
# their mind by signing in again; then the worker (or `manage.py purge_old_data`)
# deletes it.
ASKWELL_DELETION_GRACE_DAYS = int(os.environ.get("ASKWELL_DELETION_GRACE_DAYS", "7"))
# A data export can be downloaded for this many hours, then it is deleted.
ASKWELL_EXPORT_HOURS = 24
# Avatars: what an upload may be before it is even decoded, and the square it is
# re-encoded to.
ASKWELL_AVATAR_MAX_BYTES = 5 * 1024 * 1024
ASKWELL_AVATAR_MAX_PIXELS = 25_000_000
ASKWELL_AVATAR_SIZE = 256
# What `manage.py purge_old_data` keeps: notifications and finished task records
# younger than this many days (sessions until they expire, drafts for
# ASKWELL_DRAFT_RETENTION_DAYS).
ASKWELL_NOTIFICATION_RETENTION_DAYS = int(
    os.environ.get("ASKWELL_NOTIFICATION_RETENTION_DAYS", "180")
)
ASKWELL_TASK_RESULT_RETENTION_DAYS = int(os.environ.get("ASKWELL_TASK_RESULT_RETENTION_DAYS", "14"))

# Forum --------------------------------------------------------------------------------

# A member's posts wait for a moderator until this many of them have been approved;
# after that they are published at once (unless a moderator sets "always review").
ASKWELL_APPROVALS_BEFORE_TRUST = int(os.environ.get("ASKWELL_APPROVALS_BEFORE_TRUST", "2"))
ASKWELL_TOPICS_PER_PAGE = 20
# A category's list goes back this many pages; older questions are found by search.
ASKWELL_LIST_MAX_PAGES = 50
# Where members reach the site, for links in e-mail sent outside a request.
SITE_URL = os.environ.get("ASKWELL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ASKWELL_POSTS_PER_PAGE = 20
# Members who have flagged a post (each with an open flag) before it is hidden until a
# moderator decides.
ASKWELL_FLAGS_TO_HIDE = int(os.environ.get("ASKWELL_FLAGS_TO_HIDE", "3"))
# Only flags from established members count towards hiding: moderators, and members
# whose posts are no longer reviewed and whose account is at least this many hours old.
# Other members' flags reach the moderation queue without hiding anything.
ASKWELL_FLAGGER_MIN_AGE_HOURS = int(os.environ.get("ASKWELL_FLAGGER_MIN_AGE_HOURS", "72"))
# Posts a member may write in an hour: questions and replies, once trusted and while
# their posts are still reviewed.
ASKWELL_RATE_LIMITS = {
    "question": {"trusted": 5, "under_review": 2},
    "reply": {"trusted": 30, "under_review": 5},
}
# How long a verified health professional's badge lasts before it must be renewed.
ASKWELL_PROFESSIONAL_VERIFICATION_DAYS = 365

# Where the admin (the moderators' console) lives, and how long its sessions last
# without activity: shorter than members' sessions.
ASKWELL_ADMIN_PATH = os.environ.get("ASKWELL_ADMIN_PATH", "admin/").strip("/") + "/"
ASKWELL_ADMIN_SESSION_SECONDS = int(os.environ.get("ASKWELL_ADMIN_SESSION_SECONDS", "3600"))

# Drafts not touched for this many days are deleted by `manage.py purge_drafts`.
ASKWELL_DRAFT_RETENTION_DAYS = 30

# E-mail -------------------------------------------------------------------------------

# In development, e-mail (sign-up confirmations, password resets) is printed to the
# terminal that runs the server. In production, EMAIL_HOST and friends configure SMTP.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "config.mail.ReadableConsoleEmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mailer = {"BACKEND": _email_backend}
if _email_backend == "django.core.mail.backends.smtp.EmailBackend":
    _mailer["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        # The worker, not a page, waits on the mail server (accounts.outbox): a server
        # that accepts the connection and never answers holds it this long at most.
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
    }
MAILERS = {"default": _mailer}
# A message the mail server refuses or fails is tried again after each of these
# delays in turn (seconds: 1, 5 and 15 minutes, then 1, 3 and 6 hours; about ten and a
# half hours in all), then recorded as a failed task in the admin's "Task results".
ASKWELL_EMAIL_RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Askwell <no-reply@askwell.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where members locked out of their account can write; named in the security e-mails
# (a password, e-mail address or two-factor change) when set.
ASKWELL_SECURITY_EMAIL = os.environ.get("ASKWELL_SECURITY_EMAIL", "")

# Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names need `collectstatic`; production always runs it, while
# development and the test suite serve files straight from static/.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
# Media (members' avatars) and data exports. On one machine they are files under var/;
# with ASKWELL_S3_BUCKET set they go to S3 (or any S3-compatible store) through
# django-storages, with credentials from the usual AWS_* environment variables.
# Exports are never public: members download them through Askwell.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
EXPORTS_ROOT = Path(os.environ.get("ASKWELL_EXPORTS_ROOT") or BASE_DIR / "var" / "exports")
S3_BUCKET = os.environ.get("ASKWELL_S3_BUCKET", "")
# Where the browser fetches avatars from when they are not on the site itself (an
# S3 bucket or a CDN in front of it), e.g. https://media.askwell.example.
MEDIA_ORIGIN = os.environ.get("ASKWELL_MEDIA_ORIGIN", "").rstrip("/")
if S3_BUCKET:
    _s3 = {
        "bucket_name": S3_BUCKET,
        "region_name": os.environ.get("ASKWELL_S3_REGION") or None,
        "endpoint_url": os.environ.get("ASKWELL_S3_ENDPOINT_URL") or None,
        "file_overwrite": False,
    }
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "media",
            "default_acl": "public-read",
            "querystring_auth": False,
            "custom_domain": MEDIA_ORIGIN.split("://", 1)[-1] or None,
        },
    }
    _export_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "exports", "default_acl": "private"},
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _export_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EXPORTS_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _media_storage,
    "exports": _export_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security -----------------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Browser features Askwell never uses, off for its pages and anything they embed
# (config.middleware.PrivacyHeadersMiddleware).
ASKWELL_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The preload directive only says Askwell consents to browsers' HTTPS-only lists; the
# domain joins one only when submitted at hstspreload.org.
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# allauth counts sign-in attempts per client address. Behind proxies, REMOTE_ADDR is the
# proxy's: the client is the address the last of our own proxies added to
# X-Forwarded-For (what comes before it, the client may have written itself).
ALLAUTH_TRUSTED_PROXY_COUNT = int(
    os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1" if BEHIND_PROXY else "0")
)

# Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Deployment ---------------------------------------------------------------------------

# One JSON line per request (config/request_log.py): on in production, off in
# development, where runserver prints its own.
ASKWELL_REQUEST_LOG = env_bool("ASKWELL_REQUEST_LOG", not DEBUG)
MIDDLEWARE = ["config.request_log.RequestLogMiddleware", *MIDDLEWARE]
LOGGING["formatters"] = {"json": {"()": "config.request_log.JsonFormatter"}}
LOGGING["handlers"]["requests"] = {"class": "logging.StreamHandler", "formatter": "json"}
LOGGING["loggers"] = {
    "askwell.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False}
}
# Load balancers check each app server over plain HTTP (config/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
