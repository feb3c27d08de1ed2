"""Every form of the forum: asking, replying, editing, drafts, flags, follows and
notification settings."""

from functools import cache

from django import forms
from django.core.validators import MinLengthValidator
from django.forms.boundfield import BoundField
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from articles.models import Article

from . import quoting, safety
from .models import Category, Flag
from .standing import needs_review

TITLE_MIN_LENGTH = 10
TITLE_MAX_LENGTH = 150
BODY_MIN_LENGTH = 20
BODY_MAX_LENGTH = 20_000
# A field people never see; a program filling in every field fills it in too.
HONEYPOT_FIELD = "homepage"


KEPT_TEXT_SUMMARY = _(
    "Some of what you entered needs another look. The fields below say what to change; "
    "everything you typed is still there."
)


class PostBodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_length", BODY_MIN_LENGTH)
        kwargs.setdefault("max_length", BODY_MAX_LENGTH)
        kwargs.setdefault(
            "help_text",
            _(
                "You can use Markdown: **bold**, *italic*, lists with “-”, links. "
                "Please don't share your full name, address or other details that "
                "identify you."
            ),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        super().__init__(**kwargs)


class _HoneypotInput(forms.TextInput):
    def format_value(self, value):
        return None  # never echoed back, so a person who resends the form is not caught


class _HoneypotBoundField(BoundField):
    def css_classes(self, extra_classes=None):
        return "field--honeypot"


class HoneypotField(forms.CharField):
    bound_field_class = _HoneypotBoundField

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            label=_("Leave this field empty"),
            template_name="forum/includes/honeypot_field.html",
            widget=_HoneypotInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
            **kwargs,
        )


class LinkRuleMixin:
    """No new links from members whose posts are still reviewed: in what they ask or
    reply, and in what they add when they edit (`original_body`, the text before the
    edit, may keep the links it had)."""

    def __init__(self, *args, author=None, original_body="", **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        self.original_body = original_body

    def clean_body(self):
        body = self.cleaned_data["body"]
        author = self.author
        if (
            author is not None
            and author.is_authenticated
            and safety.contains_link(body)
            and needs_review(author)
            and self._new_links(body)
        ):
            raise forms.ValidationError(
                _(
                    "New members can't add links or e-mail addresses yet: you can once a "
                    "moderator has approved your first posts. Please remove the link, or "
                    "write it out without making it clickable (for example “example dot "
                    "org”)."
                ),
                code="link_under_review",
            )
        return body

    def _new_links(self, body):
        # A quote's link to the post it quotes (forum.quoting) leads nowhere new.
        added = safety.links_in(body) - safety.links_in(self.original_body)
        return {href for href in added if not quoting.is_own_post_link(href)}


class ComposeForm(LinkRuleMixin, forms.Form):
    """What the ask and reply forms share: the honeypot, and no links from members
    whose posts are still reviewed."""

    error_summary = KEPT_TEXT_SUMMARY

    homepage = HoneypotField()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _(
                    "This form was filled in the way automated programs fill in forms, so "
                    "it was not posted. If you are a person, please press the button again; "
                    "your text is kept."
                ),
                code="honeypot",
            )
        return cleaned


class AskForm(ComposeForm):
    field_order = ["title", "category", "body", "anonymous"]

    title = forms.CharField(
        label=_("Your question"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        help_text=_("One sentence that sums up what you want to know."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        empty_label=_("Choose the closest category"),
        error_messages={"invalid_choice": _("Choose one of the categories in the list.")},
    )
    body = PostBodyField(label=_("Details"))
    anonymous = forms.BooleanField(
        label=_("Ask anonymously"),
        required=False,
        help_text=_(
            "Shown as “Anonymous member” instead of your username, on this question and "
            "your replies in it, and not listed on your profile. Moderators still see "
            "who asked it."
        ),
    )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        # The field counted the spaces collapsed above; count what is kept.
        MinLengthValidator(TITLE_MIN_LENGTH)(title)
        if title.isupper() and len(title) > TITLE_MIN_LENGTH:
            raise forms.ValidationError(
                _("Please don't write the whole title in capital letters."), code="shouting"
            )
        return title

    def draft(self):
        """What was typed, in a form that survives a trip through the session."""
        typed = {
            "title": self.data.get("title", ""),
            "category": self.data.get("category", ""),
            "body": self.data.get("body", ""),
        }
        if self.data.get("anonymous"):
            typed["anonymous"] = True
        return typed


# Stands for the text in a kept rendering of the empty reply form (letters and dashes:
# no escaping changes it).
_BODY_PLACEHOLDER = "text-of-this-reply-box"


@cache
def _unbound_reply_form_html(form_class, language):
    form = form_class(initial={"body": _BODY_PLACEHOLDER})
    return str(super(form_class, form).render())


class ReplyForm(ComposeForm):
    field_order = ["body"]

    body = PostBodyField(label=_("Your reply"))

    def render(self, template_name=None, context=None, renderer=None):
        """The reply box on every question page: an unbound form is rendered once per
        language and kept, with the member's text (their draft) put into it."""
        if self.is_bound or template_name or context or renderer or self.prefix:
            return super().render(template_name, context, renderer)
        kept = _unbound_reply_form_html(type(self), translation.get_language())
        body = self.initial.get("body") or ""
        # Django's own rendering of the form, the text escaped into it.
        return SafeString(kept.replace(_BODY_PLACEHOLDER, escape(body)))

    # RenderableMixin binds these to its own render.
    __str__ = render
    __html__ = render

    def draft(self):
        return {"body": self.data.get("body", "")}


class ComposeActionForm(forms.Form):
    """Which button of the ask or reply form was pressed."""

    action = forms.ChoiceField(
        required=False,
        choices=[("post", _("Post")), ("preview", _("Preview")), ("check", _("Check"))],
    )
    # Sent by "Post … anyway" under the emergency message.
    acknowledged = forms.BooleanField(required=False)

    def chosen(self):
        """The action; an unknown one only shows the page again, posting nothing."""
        if not self.is_valid():
            return "preview"
        return self.cleaned_data["action"] or "post"


class PreviewForm(forms.Form):
    text = forms.CharField(required=False, strip=False, max_length=BODY_MAX_LENGTH)


class QuoteForm(forms.Form):
    """Which post a reply quotes (?quote=<post id>); anything else quotes nothing."""

    quote = forms.IntegerField(min_value=1, max_value=2**63 - 1)

    def post_id(self):
        return self.cleaned_data["quote"] if self.is_valid() else None


class SimilarForm(forms.Form):
    title = forms.CharField(required=False, max_length=200)


class DraftForm(forms.Form):
    """A draft as the page saves it while the member types: any part may be empty,
    nothing may be longer than the real form allows."""

    topic = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={"invalid": _("That question could not be found.")},
    )
    title = forms.CharField(required=False, strip=False, max_length=TITLE_MAX_LENGTH)
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the categories in the list.")},
    )
    article = forms.SlugField(required=False)
    body = forms.CharField(required=False, strip=False, max_length=BODY_MAX_LENGTH)

    def clean_article(self):
        slug = self.cleaned_data["article"]
        if not slug:
            return None
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise forms.ValidationError(_("We couldn't find that article."), code="unknown_article")
        return article


class DiscardDraftForm(forms.Form):
    topic = forms.IntegerField(required=False, min_value=1)


# Editing ------------------------------------------------------------------------------


class EditReplyForm(LinkRuleMixin, forms.Form):
    error_summary = KEPT_TEXT_SUMMARY

    body = PostBodyField(label=_("Your reply"))


class EditQuestionForm(LinkRuleMixin, forms.Form):
    error_summary = KEPT_TEXT_SUMMARY

    title = forms.CharField(
        label=_("Your question"),
        min_length=TITLE_MIN_LENGTH,
        max_length=150,
        help_text=_("One sentence that sums up what you want to know."),
    )
    body = PostBodyField(label=_("Details"))

    # The title follows the same rules as when the question was asked.
    clean_title = AskForm.clean_title


def edit_form_class(post):
    return EditQuestionForm if post.is_opening else EditReplyForm


class ToggleForm(forms.Form):
    """A button's wanted state ("1" on, "0" off), so a second submit changes nothing,
    and the order of the replies to come back to."""

    value = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    sort = forms.CharField(required=False)


# Flags --------------------------------------------------------------------------------

DETAIL_MAX_LENGTH = 1000

# What each reason covers, shown beside it so members pick the right one.
REASON_EXPLANATIONS = {
    Flag.Reason.MISINFORMATION: _(
        "Claims about the disease or its treatment that are false or could cause harm."
    ),
    Flag.Reason.SPAM: _("Selling something, or links that have nothing to do with the question."),
    Flag.Reason.ABUSE: _("Insults, harassment or hateful words towards anyone."),
    Flag.Reason.PERSONAL_INFO: _(
        "A full name, address, phone number or other details that identify someone."
    ),
    Flag.Reason.OTHER: _("Something else moderators should look at: tell them below."),
}


def _reason_choices():
    return [
        (value, format_lazy("{} – {}", label, REASON_EXPLANATIONS[value]))
        for value, label in Flag.Reason.choices
    ]


class FlagForm(forms.Form):
    error_summary = KEPT_TEXT_SUMMARY

    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=_reason_choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the reason that fits best."),
            "invalid_choice": _("Choose one of the reasons in the list."),
        },
    )
    detail = forms.CharField(
        label=_("Details for the moderators"),
        required=False,
        max_length=DETAIL_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "Please keep the details to %(limit_value)d characters (you wrote %(show_value)d)."
            )
        },
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required if you chose “Something else”. Only moderators read this. "
            "At most 1,000 characters."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Flag.Reason.OTHER and not cleaned.get("detail"):
            self.add_error(
                "detail",
                forms.ValidationError(
                    _("Tell the moderators what is wrong, so they know what to look for."),
                    code="detail_required",
                ),
            )
        return cleaned


# Follows and notification e-mail ------------------------------------------------------


class FollowForm(forms.Form):
    """The state a follow button asks for, so that pressing it twice does no harm."""

    follow = forms.TypedChoiceField(
        choices=[("on", _("Follow")), ("off", _("Stop following"))],
        coerce=lambda value: value == "on",
        error_messages={
            "required": _("Choose whether to follow or to stop following."),
            "invalid_choice": _("Choose whether to follow or to stop following."),
        },
    )


class EmailNotificationsForm(forms.ModelForm):
    """How a member wants to be told: e-mail at once, daily or never, with excerpts or
    not, and whether replying follows a question."""

    class Meta:
        model = User
        fields = ["email_notifications", "email_excerpts", "follow_replied_questions"]
        labels = {
            "email_notifications": _("E-mail me about new posts I follow"),
            "email_excerpts": _("Include the question and the start of the post in e-mails"),
            "follow_replied_questions": _("Follow the questions I reply to"),
        }
        help_texts = {
            "email_notifications": _(
                "Whatever you choose, new posts are listed on your notifications page."
            ),
            "email_excerpts": _(
                "Off: e-mails only say what happened (“amelia_r replied to your "
                "question”), so nothing personal shows on a lock screen or a shared "
                "computer."
            ),
            "follow_replied_questions": _(
                "You are told of the replies that follow yours. You can stop following "
                "any question on its page."
            ),
        }
        widgets = {"email_notifications": forms.RadioSelect}
        error_messages = {
            "email_notifications": {
                "invalid_choice": _("Choose one of the options: at once, daily or never."),
                "required": _("Choose one of the options: at once, daily or never."),
            }
        }


# The largest id the databases hold (a 64-bit integer): a cursor past it is no page.
_MAX_ID = 2**63 - 1


class NotificationPageForm(forms.Form):
    """Which page of the notification list: older than `before`, or newer than `after`
    (ids). Anything else is the first page."""

    before = forms.IntegerField(min_value=1, max_value=_MAX_ID, required=False)
    after = forms.IntegerField(min_value=1, max_value=_MAX_ID, required=False)

    def cursors(self):
        """{"before": id} or {"after": id}, or {} for the first page."""
        if not self.is_valid():
            return {}
        if self.cleaned_data["before"] is not None:
            return {"before": self.cleaned_data["before"]}
        if self.cleaned_data["after"] is not None:
            return {"after": self.cleaned_data["after"]}
        return {}
