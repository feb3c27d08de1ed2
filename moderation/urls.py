from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("posts/<int:pk>/approve/", views.approve_in_thread, name="post-approve"),
    path("posts/<int:pk>/reject/", views.reject_in_thread, name="post-reject"),
]
