from django.urls import path

from .feeds import LatestQuestionsFeed
from .views import browse, compose

app_name = "forum"

# Each part of the forum keeps its routes together; fixed pages come before the
# /forum/<category>/ pattern, which would otherwise take their paths.
urlpatterns = [
    # Browsing
    path("", browse.category_list, name="index"),
    path("feed/", LatestQuestionsFeed(), name="feed"),
    # Writing: asking, replying, previews, drafts, similar questions
    path("ask/", compose.ask, name="ask"),
    # Helpful marks, the answer that helped, edits and removal
    # Follows and notifications
    # Flags
    # Category and question pages
    path("<slug:slug>/", browse.category_detail, name="category"),
    path("<slug:category_slug>/<int:pk>-<slug:slug>/", browse.topic_detail, name="topic"),
    path("<slug:category_slug>/<int:pk>-<slug:slug>/reply/", compose.reply, name="reply"),
]
