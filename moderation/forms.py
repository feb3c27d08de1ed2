"""The forms moderators decide with: on posts in the queue, on questions, on members
and on professional applications."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberNote
from articles.models import Article
from forum.forms import TITLE_MAX_LENGTH, PostBodyField
from forum.models import Category, Post, RejectionReason, Topic

from .corrections import validate_note
from .questions import merge_refusal
from .queue import EDIT, NOTE, REJECT

# Decisions on posts ---------------------------------------------------------------------


class CannedReasonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}: {Truncator(obj.text).chars(120)}"


class RejectForm(forms.Form):
    """Why a post is not published: a canned reason, the moderator's own words, or
    both. The author is e-mailed the reason's text and the note."""

    canned_reason = CannedReasonField(
        label=_("Canned reason"),
        queryset=RejectionReason.objects.filter(is_active=True),
        required=False,
        empty_label=_("No canned reason"),
        error_messages={"invalid_choice": _("Choose one of the reasons offered.")},
    )
    reason = forms.CharField(
        label=_("Your note for the author"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional with a canned reason. The author receives both by e-mail."),
    )

    def needs_reason(self):
        return True

    def clean(self):
        cleaned = super().clean()
        if (
            self.needs_reason()
            and not self.has_error("canned_reason")
            and cleaned.get("canned_reason") is None
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error(
                None,
                forms.ValidationError(
                    _("Choose a canned reason or write a note: the author is told why by e-mail."),
                    code="reason_required",
                ),
            )
        return cleaned


class DecisionForm(RejectForm):
    """One decision on one post, from the buttons of its page in the queue."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That decision is not possible for this post now.")},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(a, a) for a in actions if a not in (NOTE, EDIT)]

    def needs_reason(self):
        return self.cleaned_data.get("decision") == REJECT


class EditApproveForm(forms.Form):
    """The moderator's version of a post waiting for review, published at once: the
    author's text is kept as a revision."""

    body = PostBodyField(
        label=_("The post as it will be published"),
        help_text=_("Take out what may not be published (a phone number, say)."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    title = forms.CharField(
        label=_("The question's title"), required=False, max_length=TITLE_MAX_LENGTH
    )

    def __init__(self, *args, post, **kwargs):
        self.post = post
        kwargs.setdefault("initial", {"body": post.body, "title": post.topic.title})
        super().__init__(*args, **kwargs)
        if post.topic.opening_post_id != post.pk:
            del self.fields["title"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("A question needs a title."), code="required")
        return title


class NoteForm(forms.Form):
    """A moderator's note under a published post: a correction with its source."""

    text = forms.CharField(
        label=_("Correction"),
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown to everyone under the post. Markdown: **bold**, *italic*, links."),
    )
    source_url = forms.CharField(
        label=_("Source link"),
        required=False,
        strip=True,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    source_article = forms.ModelChoiceField(
        label=_("or one of our articles"),
        queryset=Article.objects.order_by("title"),
        required=False,
        empty_label=_("No article"),
        error_messages={"invalid_choice": _("Choose one of the articles in the list.")},
    )
    from_queue = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def initial_for(note, *, from_queue):
        """The form's initial values: the note there now, if any."""
        initial = {"from_queue": from_queue}
        if note is not None:
            initial.update(
                text=note.text, source_url=note.source_url, source_article=note.source_article_id
            )
        return initial

    error_summary = _("The note was not saved. Please correct the errors below.")

    def clean(self):
        cleaned = super().clean()
        if self.has_error("source_article"):
            return cleaned
        try:
            cleaned["text"], cleaned["source_url"] = validate_note(
                text=cleaned.get("text", ""),
                source_url=cleaned.get("source_url", ""),
                source_article=cleaned.get("source_article"),
            )
        except forms.ValidationError as error:
            self.add_error(None, error)
        return cleaned


# Decisions on questions -----------------------------------------------------------------


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Move to the category"),
        queryset=Category.objects.all(),
        error_messages={
            "required": _("Choose the category to move the questions to."),
            "invalid_choice": _("That category does not exist; choose one from the list."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (for the moderation log)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(forms.Form):
    """Choosing the question a duplicate is merged into: found by its number or by
    words from its title, then picked from what was found."""

    MAX_FOUND = 20

    query = forms.CharField(
        label=_("Find the question to merge into"),
        help_text=_("Its number (as in its address), or words from its title."),
        required=False,
        max_length=150,
    )
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Topic.objects.select_related("opening_post", "category"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("That question does not exist; find it again and choose it.")
        },
    )
    reason = forms.CharField(
        label=_("Reason (for the moderation log)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, duplicate, applying=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = duplicate
        self.applying = applying
        self.found = []

    def _eligible(self):
        return (
            Topic.objects.listed()
            .filter(opening_post__state=Post.State.APPROVED)
            .exclude(pk=self.duplicate.pk)
            .select_related("category")
        )

    def clean_query(self):
        query = self.cleaned_data["query"].strip()
        number = query.removeprefix("#")
        if number.isdigit():
            chosen = Topic.objects.select_related("opening_post").filter(pk=int(number)).first()
            if chosen is not None:
                refusal = merge_refusal(topic=self.duplicate, into=chosen)
                if refusal is not None:
                    raise forms.ValidationError(
                        _("Question %(number)s cannot be chosen. %(why)s"),
                        code=refusal.code,
                        params={"number": number, "why": refusal.message},
                    )
                self.found = [chosen]
                return query
        elif query:
            self.found = list(
                self._eligible()
                .search(query)
                .order_by("-last_activity_at", "-pk")[: self.MAX_FOUND]
            )
        if not query and not self.applying:
            raise forms.ValidationError(
                _("Type the question's number or words from its title."), code="required"
            )
        if query and not self.found:
            raise forms.ValidationError(
                _("No published question matches “%(query)s”."),
                code="not_found",
                params={"query": query},
            )
        return query

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target is None:
            if self.applying:
                raise forms.ValidationError(
                    _("Choose the question to merge into."), code="required"
                )
            return None
        refusal = merge_refusal(topic=self.duplicate, into=target)
        if refusal is not None:
            raise forms.ValidationError(
                _("That question cannot be chosen. %(why)s"),
                code=refusal.code,
                params={"why": refusal.message},
            )
        return target

    def found_choices(self):
        """The questions found, as choices for the target field."""
        return [
            (
                topic.pk,
                _("#%(number)d %(title)s (%(category)s)")
                % {"number": topic.pk, "title": topic.title, "category": topic.category.name},
            )
            for topic in self.found
        ]


# Decisions on members -------------------------------------------------------------------


class SuspendForm(forms.Form):
    """How long a suspension lasts, and the reason the member is shown."""

    ONE_DAY, SEVEN_DAYS, THIRTY_DAYS, UNTIL_DATE, INDEFINITELY = (
        "1",
        "7",
        "30",
        "date",
        "indefinitely",
    )

    duration = forms.ChoiceField(
        label=_("For how long"),
        choices=[
            (ONE_DAY, _("1 day")),
            (SEVEN_DAYS, _("7 days")),
            (THIRTY_DAYS, _("30 days")),
            (UNTIL_DATE, _("Until a date")),
            (INDEFINITELY, _("Indefinitely: until a moderator lifts it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the suspension lasts.")},
    )
    until_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("With “Until a date”: the member may post again from the start of that day."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the member whenever they try to post."),
        error_messages={"required": _("Give the member a reason; they are shown it.")},
    )

    def clean(self):
        cleaned = super().clean()
        duration = cleaned.get("duration")
        now = timezone.now()
        if duration in (self.ONE_DAY, self.SEVEN_DAYS, self.THIRTY_DAYS):
            cleaned["until"] = now + timedelta(days=int(duration))
        elif duration == self.INDEFINITELY:
            cleaned["until"] = None
        elif duration == self.UNTIL_DATE:
            day = cleaned.get("until_date")
            if day is None:
                if not self.has_error("until_date"):
                    self.add_error(
                        "until_date",
                        forms.ValidationError(
                            _("Give the date the suspension ends."), code="date_required"
                        ),
                    )
            elif day <= timezone.localdate():
                self.add_error(
                    "until_date",
                    forms.ValidationError(_("Give a date after today."), code="date_not_in_future"),
                )
            else:
                cleaned["until"] = timezone.make_aware(datetime.combine(day, time.min))
        return cleaned


class AddMemberNoteForm(forms.ModelForm):
    class Meta:
        model = MemberNote
        fields = ["text"]
        labels = {"text": _("New note")}
        help_texts = {
            "text": _("Only moderators see it. It is signed with your name and cannot be changed.")
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


# Decisions on professional applications -------------------------------------------------


class ApproveApplicationsForm(forms.Form):
    valid_until = forms.DateField(
        label=_("Verified until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The badge lapses after this day unless the member applies again."),
        error_messages={"required": _("Give the date the verification lasts until.")},
    )

    def clean_valid_until(self):
        day = self.cleaned_data["valid_until"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Give a date after today."), code="date_not_in_future")
        return day


class DeclineApplicationsForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the member"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Each applicant receives this note by e-mail."),
        error_messages={"required": _("Tell the member why; they receive the note by e-mail.")},
    )
