"""The site's rules (community guidelines, privacy notice, terms), under /about/."""

from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("<slug:slug>/", views.site_page, name="page"),
]
