from django.urls import path

from . import feeds
from .views import browse, compose, flags, follows, notifications, posts, revisions

app_name = "forum"

# Each part of the forum keeps its routes together; fixed pages come before the
# /forum/<category>/ pattern, which would otherwise take their paths.
urlpatterns = [
    # Browsing
    path("", browse.category_list, name="index"),
    # Feeds (RSS, and Atom beside each)
    path("feed/", feeds.LatestQuestionsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestQuestionsAtomFeed(), name="feed-atom"),
    path("feed/category/<slug:slug>/", feeds.CategoryQuestionsFeed(), name="feed-category"),
    path(
        "feed/category/<slug:slug>/atom/",
        feeds.CategoryQuestionsAtomFeed(),
        name="feed-category-atom",
    ),
    path("feed/question/<int:pk>/", feeds.QuestionRepliesFeed(), name="feed-question"),
    path(
        "feed/question/<int:pk>/atom/", feeds.QuestionRepliesAtomFeed(), name="feed-question-atom"
    ),
    # Writing: asking, replying, previews, drafts, similar questions
    path("ask/", compose.ask, name="ask"),
    path("preview/", compose.preview, name="preview"),
    path("drafts/", compose.draft_save, name="draft-save"),
    path("drafts/discard/", compose.draft_discard, name="draft-discard"),
    path("similar/", compose.similar, name="similar"),
    # Helpful marks, the answer that helped, edits and removal
    path("posts/<int:pk>/", posts.go_to_post, name="post"),
    path("posts/<int:pk>/helpful/", posts.helpful, name="post-helpful"),
    path("posts/<int:pk>/accept/", posts.accept, name="post-accept"),
    path("posts/<int:pk>/edit/", posts.edit, name="post-edit"),
    path("posts/<int:pk>/remove/", posts.remove, name="post-remove"),
    path("posts/<int:pk>/quote/", compose.quote, name="post-quote"),
    path("posts/<int:pk>/edits/", revisions.post_revisions, name="post-revisions"),
    # Follows and notifications
    path("follow/question/<int:pk>/", follows.follow_topic, name="follow-topic"),
    path("follow/category/<slug:slug>/", follows.follow_category, name="follow-category"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.mark_all_read, name="notifications-read"),
    path("notifications/<int:pk>/", notifications.open_notification, name="notification"),
    path("unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    # Flags
    path("posts/<int:pk>/flag/", flags.flag, name="post-flag"),
    # Category and question pages
    path("<slug:slug>/", browse.category_detail, name="category"),
    path("<slug:category_slug>/<int:pk>-<slug:slug>/", browse.topic_detail, name="topic"),
    path("<slug:category_slug>/<int:pk>-<slug:slug>/reply/", compose.reply, name="reply"),
]
