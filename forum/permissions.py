"""
What the person viewing a question page may do to each post on it, from the model's
own rules (Post.is_editable_by and friends) and their standing, worked out once per
page: templates ask these, and restate no rule themselves.
"""

from dataclasses import dataclass
from functools import cached_property


def unwrapped(user):
    """The user behind request.user's lazy proxy (the same for a user already
    unwrapped): a page that asks each of its posts about the viewer reads the user
    hundreds of times, and each read through the proxy is a function call."""
    user.is_authenticated  # noqa: B018 (loads the user behind the proxy)
    return getattr(user, "_wrapped", user)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the user, and why they may not post now (None if they may)."""

    user: object
    restriction: str | None = None


class PostActions:
    """The buttons and links one post shows this viewer. Reads only what the page has
    loaded already: the post, its question (with its opening post) and the viewer."""

    def __init__(self, post, viewer):
        self.post = post
        self.user = viewer.user
        self.may_act = viewer.restriction is None

    @cached_property
    def is_own(self):
        return self.user.is_authenticated and self.post.author_id == self.user.pk

    @cached_property
    def mark_helpful(self):
        """The helpful button (otherwise only the count, on a published reply)."""
        return self.may_act and self.post.may_be_marked_helpful_by(self.user)

    @cached_property
    def shows_helpful_count(self):
        return self.post.state == self.post.State.APPROVED and not self.post.is_opening

    @cached_property
    def accept(self):
        """The asker's "the answer that helped me" button (to mark or unmark)."""
        return self.may_act and self.post.may_be_accepted_by(self.user)

    @cached_property
    def edit(self):
        return self.may_act and self.post.is_editable_by(self.user)

    @cached_property
    def remove(self):
        return self.post.is_removable_by(self.user)
