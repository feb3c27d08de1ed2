from django.urls import path

from . import views
from .feeds import LatestQuestionsFeed

app_name = "forum"

urlpatterns = [
    path("", views.category_list, name="index"),
    path("ask/", views.ask, name="ask"),
    path("feed/", LatestQuestionsFeed(), name="feed"),
    path("<slug:slug>/", views.category_detail, name="category"),
    path("<slug:category_slug>/<int:pk>-<slug:slug>/", views.topic_detail, name="topic"),
    path("<slug:category_slug>/<int:pk>-<slug:slug>/reply/", views.reply, name="reply"),
]
