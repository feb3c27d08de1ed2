import pytest

from forum.forms import BODY_MAX_LENGTH, AskForm, ComposeActionForm, DraftForm, ReplyForm

TITLE = "How long does recovery usually take?"
BODY = "I was diagnosed last month and wonder what to expect."


def ask_data(chosen, **overrides):
    return {"title": TITLE, "category": str(chosen.pk), "body": BODY, **overrides}


def test_a_complete_question_is_valid(category):
    form = AskForm(ask_data(category))

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "title": TITLE,
        "category": category,
        "body": BODY,
        "homepage": "",
        "anonymous": False,
    }


def test_runs_of_spaces_in_the_title_are_collapsed(category):
    form = AskForm(ask_data(category, title="  How long   does recovery\ttake? "))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "How long does recovery take?"


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"title": "Help me"}, "title", "min_length"),
        ({"title": "Help" + " " * 10 + "me"}, "title", "min_length"),
        ({"title": "x" * 151}, "title", "max_length"),
        ({"title": ""}, "title", "required"),
        ({"title": "WHY AM I SO WEAK ALL THE TIME"}, "title", "shouting"),
        ({"category": ""}, "category", "required"),
        ({"category": "999999"}, "category", "invalid_choice"),
        ({"category": "not-a-number"}, "category", "invalid_choice"),
        ({"body": "Too short."}, "body", "min_length"),
        ({"body": "   "}, "body", "required"),
        ({"body": "a" * (BODY_MAX_LENGTH + 1)}, "body", "max_length"),
    ],
    ids=[
        "short-title",
        "title-padded-with-spaces",
        "long-title",
        "missing-title",
        "all-caps-title",
        "missing-category",
        "unknown-category",
        "malformed-category",
        "short-body",
        "blank-body",
        "long-body",
    ],
)
def test_a_question_is_refused_with_an_error_on_the_faulty_field(category, overrides, field, code):
    form = AskForm(ask_data(category, **overrides))

    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert form.has_error(field, code)


def test_an_all_caps_title_is_explained_in_plain_words(category):
    form = AskForm(ask_data(category, title="WHY AM I SO WEAK ALL THE TIME"))

    assert form.errors["title"] == ["Please don't write the whole title in capital letters."]


def test_an_unknown_category_is_explained_in_plain_words(category):
    form = AskForm(ask_data(category, category="999999"))

    assert form.errors["category"] == ["Choose one of the categories in the list."]


def test_a_title_with_an_abbreviation_in_capitals_is_not_shouting(category):
    form = AskForm(ask_data(category, title="Is a CK of 4,000 high enough for a biopsy?"))

    assert form.is_valid(), form.errors


def test_a_body_of_exactly_the_maximum_length_is_accepted(category):
    form = AskForm(ask_data(category, body="a" * BODY_MAX_LENGTH))

    assert form.is_valid(), form.errors


def test_the_draft_keeps_exactly_what_was_typed_even_when_invalid(category):
    form = AskForm({"title": "  SHORT ", "category": "999999", "body": "x"})
    form.is_valid()

    assert form.draft() == {"title": "  SHORT ", "category": "999999", "body": "x"}


def test_a_reply_needs_at_least_twenty_characters():
    form = ReplyForm({"body": "Thanks!"})

    assert not form.is_valid()
    assert form.has_error("body", "min_length")


def test_a_reply_of_ordinary_length_is_valid():
    form = ReplyForm({"body": "Thank you, this helped me understand my results."})

    assert form.is_valid(), form.errors


def test_a_filled_honeypot_makes_the_form_invalid_with_a_message_for_the_whole_form(category):
    form = AskForm(ask_data(category, homepage="http://spam.example"))

    assert not form.is_valid()
    assert form.has_error("__all__", "honeypot")
    assert list(form.errors) == ["__all__"]


def test_the_honeypot_never_shows_what_was_typed_into_it(category):
    form = AskForm(ask_data(category, homepage="http://spam.example"))

    assert "spam.example" not in str(form["homepage"])


def test_a_reply_with_a_link_from_a_member_under_review_is_refused(member):
    form = ReplyForm({"body": "Read www.example.org, it helped me a lot."}, author=member)

    assert not form.is_valid()
    assert form.has_error("body", "link_under_review")


def test_a_reply_with_a_link_from_a_moderator_is_accepted(moderator):
    form = ReplyForm({"body": "Read www.example.org, it helped me a lot."}, author=moderator)

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("data", "action"),
    [
        ({}, "post"),
        ({"action": "post"}, "post"),
        ({"action": "preview"}, "preview"),
        ({"action": "check"}, "check"),
        ({"action": "delete-everything"}, "preview"),
    ],
)
def test_the_pressed_button_is_read_safely(data, action):
    assert ComposeActionForm(data).chosen() == action


@pytest.mark.parametrize("acknowledged", ["1", "on", "true"])
def test_the_emergency_acknowledgement_is_read_from_the_button(acknowledged):
    form = ComposeActionForm({"acknowledged": acknowledged})

    assert form.is_valid()
    assert form.cleaned_data["acknowledged"] is True


def test_a_draft_keeps_text_exactly_as_typed(category):
    form = DraftForm({"title": "  Half ", "body": "  indented\n", "category": category.pk})

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["title"], form.cleaned_data["body"]) == ("  Half ", "  indented\n")


def test_a_draft_for_an_unknown_article_is_refused(db):
    form = DraftForm({"article": "no-such-article"})

    assert form.has_error("article", "unknown_article")


@pytest.mark.parametrize(
    "initial",
    [
        {},
        {"body": ""},
        {"body": "My draft with <script>alert(1)</script> & \"quotes\" and 'apostrophes'"},
        {"body": "text-of-this-reply-box, and the same words again: text-of-this-reply-box"},
        {"body": "A line\n\nand another\n"},
    ],
)
def test_the_kept_reply_box_is_the_form_as_django_renders_it(initial):
    form = ReplyForm(initial=initial)

    assert str(form) == str(super(ReplyForm, form).render())
    if initial.get("body"):
        assert "<script>" not in str(form)


def test_a_reply_box_with_errors_shows_them_and_keeps_the_text():
    form = ReplyForm({"body": "too <short>"})

    html = str(form)

    assert not form.is_valid()
    assert "too &lt;short&gt;" in html
    assert "Ensure this value has at least 20 characters" in html
