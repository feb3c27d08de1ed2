"""An author's unpublished question and reply, as the visibility tests build them, and
what they say."""

from forum.models import Post
from forum.tests.factories import make_question, make_reply

HIDDEN_TITLE = "Private worry about my dosage"
HIDDEN_BODY = "Should I double my prednisolone when the weakness flares?"
HIDDEN_REPLY = "A reply about methotrexate still unseen by most."
REASON = "Please ask your own doctor about doses."

UNPUBLISHED = [Post.State.PENDING, Post.State.REJECTED]
OUTSIDERS = ["anonymous", "other_member"]
INSIDERS = ["member", "moderator"]  # the author, and a moderator


def question(*, author, category, article, state):
    """`author`'s question about `article`, in `state` (rejected with REASON)."""
    return make_question(
        author=author,
        category=category,
        article=article,
        title=HIDDEN_TITLE,
        body=HIDDEN_BODY,
        state=state,
        rejection_reason=REASON if state == Post.State.REJECTED else "",
    )


def reply(*, author, topic, state):
    """`author`'s reply to `topic`, in `state` (rejected with REASON)."""
    return make_reply(
        topic=topic,
        author=author,
        body=HIDDEN_REPLY,
        state=state,
        rejection_reason=REASON if state == Post.State.REJECTED else "",
    )
