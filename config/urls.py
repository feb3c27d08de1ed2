from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from accounts import views as accounts_views
from articles.sitemaps import ArticleSitemap
from forum.sitemaps import CategorySitemap, TopicSitemap
from forum.views import notifications as forum_notifications

from . import health, views
from .privacy import views as privacy_views

sitemaps = {"articles": ArticleSitemap, "categories": CategorySitemap, "questions": TopicSitemap}

# A database outage is answered 503 with Retry-After (config.outage), anything else 500.
handler500 = "config.outage.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/", include("articles.urls")),
    path("forum/", include("forum.urls")),
    path("members/", include("forum.urls_members")),
    path("moderation/", include("moderation.urls")),
    path("about/", include("articles.urls_pages")),
    # Before allauth's pages, which own the rest of /accounts/.
    path(
        "accounts/notifications/",
        forum_notifications.notification_settings,
        name="notification-settings",
    ),
    path(
        "accounts/professional/",
        accounts_views.professional_application,
        name="professional-application",
    ),
    path("accounts/profile/", accounts_views.profile_settings, name="profile-settings"),
    path("accounts/privacy/export/", privacy_views.data_export, name="privacy-export"),
    path(
        "accounts/privacy/export/new/",
        privacy_views.request_export,
        name="privacy-export-request",
    ),
    path(
        "accounts/privacy/export/<int:pk>/download/",
        privacy_views.download_export,
        name="privacy-export-download",
    ),
    path("accounts/privacy/delete/", privacy_views.delete_account, name="privacy-delete"),
    # Staff set up an authenticator app only through a one-time setup link.
    path(
        "accounts/2fa/setup/<str:token>/",
        accounts_views.authenticator_setup_link,
        name="authenticator-setup-link",
    ),
    path("accounts/2fa/totp/activate/", accounts_views.activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path(settings.ASKWELL_ADMIN_PATH, admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # For load balancers and monitors: database and cache, nothing else (config/health.py).
    path("health/", health.health, name="health"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]


# Members' avatars in development; in production the storage or a CDN serves them
# (README, "Media").
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
