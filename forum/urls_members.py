"""Members' public profiles, under /members/."""

from django.urls import path

from .views import profiles

app_name = "members"

urlpatterns = [
    path("<str:username>/", profiles.profile, name="profile"),
]
