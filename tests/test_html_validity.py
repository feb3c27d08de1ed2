"""
Every page type, in every state (signed out, member, moderator; with and without
errors; the admin's pages), is valid HTML by the W3C Nu HTML Checker, run once over
all of them (one Java start for the lot). `make test` installs the checker
(`make vnu`); VNU_JAR points at another copy.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests import staff
from accounts.tests.factories import MemberFactory, ModeratorFactory
from forum.models import Post
from forum.tests.factories import make_question, make_reply

pytestmark = pytest.mark.usefixtures("migrated_data")

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        Path(__file__).resolve().parent.parent
        / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


def nu_errors(directory):
    """The Nu checker's errors for every .html file in `directory`, in one run."""
    assert shutil.which("java"), "Java 17+ is needed for the Nu HTML checker"
    assert VNU_JAR.exists(), f"{VNU_JAR} missing: run `make vnu`"
    # The command is fixed: Java and the checker's jar, over this test's own directory.
    proc = subprocess.run(  # noqa: S603
        [
            shutil.which("java"),
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--skip-non-html",
            str(directory),
        ],
        capture_output=True,
        timeout=300,
    )
    messages = json.loads(proc.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} "
        f"[{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") == "error"
    ]


@pytest.mark.django_db
def test_every_page_type_and_state_is_valid_html(tmp_path, imported_articles, settings):
    member = MemberFactory(username="valid_val")
    moderator = staff.give_totp(ModeratorFactory(username="moderator_vic"))
    question = make_question(title="How long does recovery usually take?", author=member)
    make_reply(topic=question, body="A reply with a " + "verylongword" * 10)
    pending = make_reply(topic=question, state=Post.State.PENDING, body="Waiting here, please.")
    article = next(iter(imported_articles.values()))

    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(member)
    moderating = staff.sign_in_with_second_factor(Client(), moderator)
    review = reverse("admin:forum_pendingpost_change", args=[pending.pk])
    pages = {
        "home": (anonymous, "get", "/", {}),
        "articles": (anonymous, "get", reverse("articles:list"), {}),
        "article": (anonymous, "get", article.get_absolute_url(), {}),
        "forum": (anonymous, "get", reverse("forum:index"), {}),
        "category": (anonymous, "get", question.category.get_absolute_url(), {}),
        "topic": (anonymous, "get", question.get_absolute_url(), {}),
        "search": (anonymous, "get", reverse("search") + "?q=recovery", {}),
        "login": (anonymous, "get", reverse("account_login"), {}),
        "login-errors": (anonymous, "post", reverse("account_login"), {"login": "x"}),
        "signup": (anonymous, "get", reverse("account_signup"), {}),
        "member-topic": (signed_in, "get", question.get_absolute_url(), {}),
        "ask": (signed_in, "get", reverse("forum:ask"), {}),
        "ask-errors": (signed_in, "post", reverse("forum:ask"), {"title": "x", "body": "y"}),
        "notifications": (signed_in, "get", reverse("forum:notifications"), {}),
        "profile": (signed_in, "get", reverse("members:profile", args=[member.username]), {}),
        "moderator-topic": (moderating, "get", question.get_absolute_url(), {}),
        "moderator-reject": (
            moderating,
            "post",
            reverse("moderation:post-reject", args=[pending.pk]),
            {},
        ),
        "admin-index": (moderating, "get", reverse("admin:index"), {}),
        "admin-queue": (moderating, "get", reverse("admin:forum_pendingpost_changelist"), {}),
        "admin-review": (moderating, "get", review, {}),
        "admin-review-errors": (moderating, "post", review, {"decision": "reject"}),
        "admin-log": (moderating, "get", reverse("admin:forum_moderationevent_changelist"), {}),
        "admin-members": (moderating, "get", reverse("admin:accounts_member_changelist"), {}),
    }
    for name, (client, method, url, data) in pages.items():
        response = getattr(client, method)(url, data)
        assert response.status_code == 200, (name, response.status_code)
        (tmp_path / f"{name}.html").write_bytes(response.content)

    assert nu_errors(tmp_path) == []
