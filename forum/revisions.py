"""
A post's edits as readers are shown them: who made each (its author or a moderator),
when, and what changed, line by line in the Markdown that was written.

PostRevision keeps the text each edit replaced; the text an edit put in is the next
revision's, or the post's own for the latest edit.
"""

import difflib
from dataclasses import dataclass, field

from .models import PostRevision

# Unchanged lines shown around each change, so that it can be read in its place.
CONTEXT_LINES = 2


@dataclass
class Line:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass
class Edit:
    when: object
    by_moderator: bool
    title_before: str = ""
    title_after: str = ""
    # Runs of lines; between two runs, unchanged lines are left out.
    hunks: list = field(default_factory=list)

    @property
    def title_changed(self):
        return self.title_before != self.title_after


def line_diff(before, after, context=CONTEXT_LINES):
    """The lines that changed from `before` to `after`, with `context` unchanged lines
    around each change, as runs of Line."""
    old, new = before.splitlines(), after.splitlines()
    hunks = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        hunk = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk.extend(Line("same", text) for text in old[i1:i2])
                continue
            hunk.extend(Line("removed", text) for text in old[i1:i2])
            hunk.extend(Line("added", text) for text in new[j1:j2])
        hunks.append(hunk)
    return hunks


def edits_of(post):
    """The edits of `post`, oldest first (one query)."""
    revisions = list(
        PostRevision.objects.filter(post=post)
        .order_by("created_at", "pk")
        .only("title", "body", "edited_by_id", "created_at")
    )
    is_opening = post.is_opening
    edits = []
    for index, revision in enumerate(revisions):
        following = revisions[index + 1] if index + 1 < len(revisions) else None
        body_after = following.body if following else post.body
        title_after = (following.title if following else post.topic.title) if is_opening else ""
        edits.append(
            Edit(
                when=revision.created_at,
                # Only the author edits their post from the forum; anyone else who did
                # was a moderator (edit before approving).
                by_moderator=revision.edited_by_id != post.author_id,
                title_before=revision.title if is_opening else "",
                title_after=title_after,
                hunks=line_diff(revision.body, body_after),
            )
        )
    return edits
