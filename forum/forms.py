from django import forms
from django.core.validators import MinLengthValidator
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from . import safety, services
from .models import Category

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


class ComposeForm(forms.Form):
    """What the ask and reply forms share: the honeypot, and no links from members
    whose posts are still reviewed."""

    error_summary = KEPT_TEXT_SUMMARY

    homepage = HoneypotField()

    def __init__(self, *args, author=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author

    def clean_body(self):
        body = self.cleaned_data["body"]
        author = self.author
        if (
            author is not None
            and author.is_authenticated
            and safety.contains_link(body)
            and services.needs_review(author)
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
    field_order = ["title", "category", "body"]

    title = forms.CharField(
        label=_("Your question"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        help_text=_("One sentence that sums up what you want to know."),
    )
    category = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Category.objects.all(),
        empty_label=_("Choose the closest topic"),
        error_messages={"invalid_choice": _("Choose one of the topics in the list.")},
    )
    body = PostBodyField(label=_("Details"))

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
        return {
            "title": self.data.get("title", ""),
            "category": self.data.get("category", ""),
            "body": self.data.get("body", ""),
        }


class ReplyForm(ComposeForm):
    field_order = ["body"]

    body = PostBodyField(label=_("Your reply"))

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
        error_messages={"invalid_choice": _("Choose one of the topics in the list.")},
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
