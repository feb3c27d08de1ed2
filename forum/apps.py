from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from allauth.account.signals import user_logged_in
        from django.db.models.signals import post_save, pre_save

        from . import pagecache, visitor_draft

        # Every question's page shows members' names, avatars and badges.
        pre_save.connect(pagecache.member_saving, dispatch_uid="forum.pagecache.faces")
        post_save.connect(pagecache.member_saved, dispatch_uid="forum.pagecache.faces")

        # A sign-in is the event, as django.contrib.auth's update_last_login listens to
        # it: a signed-out visitor's draft question goes to the member it was for, or
        # is thrown away (forum.visitor_draft).
        user_logged_in.connect(
            visitor_draft.give_to_member_signing_in, dispatch_uid="forum.visitor_draft"
        )
