"""How moderation pages show things: risk marks, a post's text with what raised its
risk marked, an author's history, a member's standing, in words and safe HTML."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forum import risk
from forum.models import Post


def post_preview(post):
    # body_html is the stored output of markup.render: Markdown already sanitized by
    # bleach's allowlist, the one HTML the site ever marks safe.
    return format_html('<div class="askwell-post-preview">{}</div>', mark_safe(post.body_html))  # noqa: S308


def kind_of(post):
    """Why a post is in the queue, in words."""
    if post.state == Post.State.PENDING:
        return _("Waiting for review")
    if post.state == Post.State.HIDDEN:
        return _("Hidden after flags") if post.open_flag_count else _("Hidden by a moderator")
    if post.state == Post.State.REMOVED:
        return _("Flagged, since removed by its author")
    return _("Flagged")


def risk_labels(signals):
    if not signals:
        return format_html('<span class="askwell-muted">{}</span>', _("none found"))
    return format_html_join(
        " ",
        '<span class="askwell-risk askwell-risk--{}">{}</span>',
        ((signal, label) for signal, label in risk.labels(signals)),
    )


def highlight(text):
    """The text as written (escaped Markdown source) with what raised its risk
    marked, for the moderator to see at a glance."""
    merged = []
    for span in risk.assess(text).spans:
        if merged and span.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
        else:
            merged.append([span.start, span.end, span.signal])
    out, position = SafeString(""), 0
    for start, end, signal in merged:
        out += conditional_escape(text[position:start])
        out += format_html(
            '<mark class="askwell-risk--{}" title="{}">{}</mark>',
            signal,
            risk.LABELS[signal],
            text[start:end],
        )
        position = end
    return out + conditional_escape(text[position:])


def count(message, n):
    """A message from ngettext with its number filled in."""
    return message % {"n": n}


def author_name(post):
    """The real author, as moderators see them: their username (marked when members
    see the post as "Anonymous member"), or "Former member"."""
    if post.author_id is None:
        return str(post.display_author)
    if post.is_anonymous:
        return _("%(username)s (anonymous to members)") % {"username": post.author.username}
    return post.author.username


def author_history(post):
    """What the queue shows of a post's author (counts annotated on the post)."""
    author = post.author
    if author is None:
        return _("deleted their account")
    parts = [
        count(
            ngettext("%(n)d approved", "%(n)d approved", post.author_approved_count),
            post.author_approved_count,
        ),
        count(
            ngettext("%(n)d rejected", "%(n)d rejected", post.author_rejected_count),
            post.author_rejected_count,
        ),
        _("joined %(age)s ago") % {"age": timesince(author.date_joined)},
        _("flags on their posts: %(upheld)d upheld, %(open)d open")
        % {"upheld": post.author_upheld_flag_count, "open": post.author_open_flag_count},
        count(
            ngettext(
                "%(n)d corrected by a moderator's note",
                "%(n)d corrected by a moderator's note",
                post.author_corrected_count,
            ),
            post.author_corrected_count,
        ),
    ]
    if author.review_policy == author.ReviewPolicy.ALWAYS:
        parts.append(str(author.get_review_policy_display()))
    if author.is_currently_suspended():
        parts.append(str(_("suspended")))
    return " · ".join(str(part) for part in parts)


def describe_standing(member):
    """ "Suspended until 3 December 2026, 14:00 · Always review", in words."""
    if member.is_currently_suspended():
        if member.suspended_until:
            suspension = _("Suspended until %(until)s") % {
                "until": date_format(
                    timezone.localtime(member.suspended_until), "j F Y, H:i", use_l10n=True
                )
            }
        else:
            suspension = _("Suspended indefinitely")
    else:
        suspension = _("Not suspended")
    return f"{suspension} · {member.get_review_policy_display()}"


def describe_professional(member):
    if not member.professional_title or not member.professional_until:
        return "—"
    until = date_format(member.professional_until, "j F Y")
    if member.is_verified_professional:
        return _("Verified %(profession)s until %(until)s") % {
            "profession": member.professional_title,
            "until": until,
        }
    return _("%(profession)s: lapsed after %(until)s") % {
        "profession": member.professional_title,
        "until": until,
    }
