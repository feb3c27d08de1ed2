"""A member's data export: one zip with a README and JSON that round-trips through a
JSON parser with every post of theirs, and nothing of other members beyond the names
the site shows; built by the worker, downloaded by its member alone for a day."""

import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import DataExport
from config.privacy import export as exports
from config.privacy import services
from config.tests.footprint import EMAIL, make_footprint
from forum.models import Post


@pytest.fixture
def footprint(moderator, client):
    return make_footprint(moderator=moderator, client=client)


def read_zip(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def exported(footprint):
    return read_zip(exports.build_export_zip(footprint.leaver))


def test_the_export_holds_a_readme_the_json_and_the_avatar(exported):
    assert set(exported) == {"README.txt", "askwell.json", "avatar.jpg"}
    assert b'"forum"' in exported["askwell.json"]


def test_the_json_round_trips_with_every_post_of_the_member(footprint, exported):
    data = json.loads(exported["askwell.json"].decode("utf-8"))

    exported_ids = {post["id"] for post in data["forum"]["posts"]}
    assert exported_ids == set(
        Post.objects.filter(author=footprint.leaver).values_list("pk", flat=True)
    )
    assert len(exported_ids) == 5
    by_id = {post["id"]: post for post in data["forum"]["posts"]}
    reply = by_id[footprint.their_reply.pk]
    assert reply["markdown"] == "Short walks, often, and rests between."
    assert reply["earlier_versions"][0]["markdown"] == "Short walks, often."
    assert by_id[footprint.their_pending_reply.pk]["state"] == "rejected"
    assert by_id[footprint.their_anonymous_question.opening_post_id]["anonymous"] is True


def test_the_json_holds_their_account_marks_follows_flags_drafts_and_application(
    footprint, exported
):
    data = json.loads(exported["askwell.json"])

    assert data["account"]["username"] == "zelda_quill"
    assert {a["email"] for a in data["account"]["email_addresses"]} == {
        EMAIL,
        "zq.before@example.com",
    }
    assert data["account"]["profile"]["bio_markdown"].startswith("I restore antique")
    assert data["account"]["professional"]["applications"][0]["registration_number"]
    assert data["account"]["two_factor_authentication"] == ["totp"]
    assert data["account"]["notification_email_excerpts"] is False
    assert data["account"]["follow_questions_replied_to"] is True
    forum = data["forum"]
    assert forum["helpful_marks_given"][0]["post_author"] == "other_ottilie"
    assert len(forum["followed_questions"]) == 2  # her own questions are followed, and one
    assert forum["followed_categories"][0]["name"]
    assert forum["flags_raised"][0]["details"] == "Seems off topic to me"
    assert forum["drafts"][0]["markdown"] == "I started writing"
    assert forum["notifications"][0]["post_author"] == "other_ottilie"


def test_the_export_holds_nothing_of_other_members_but_their_usernames(footprint, exported):
    text = exported["askwell.json"].decode("utf-8")

    assert footprint.other.email not in text
    assert footprint.moderator.username not in text
    assert footprint.moderator.email not in text
    assert "Yes, I wrap up well." not in text  # another member's words
    assert "Glad that helps you." not in text
    assert "Wrote to" not in text  # the moderators' private note


def test_asking_for_an_export_queues_it_for_the_worker(
    migrated_data, member, run_worker, django_capture_on_commit_callbacks
):
    # The worker closes its database connections: a transactional test, as the
    # forum's worker tests are.
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(member=member)
    assert export.status == DataExport.Status.PENDING

    run_worker()

    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.is_downloadable()


def test_asking_twice_while_one_is_prepared_makes_one(member):
    first = services.request_export(member=member)

    assert services.request_export(member=member) == first
    assert DataExport.objects.count() == 1


def test_an_export_expires_after_a_day(member, settings):
    settings.ASKWELL_EXPORT_HOURS = 24
    now = timezone.now()
    export = exports.build_export(export_id=services.request_export(member=member).pk, now=now)

    assert export.expires_at == now + datetime.timedelta(hours=24)
    assert not export.is_downloadable(now + datetime.timedelta(hours=25))


def test_expired_exports_and_their_files_are_purged(member, media_root):
    now = timezone.now()
    export = exports.build_export(
        export_id=services.request_export(member=member).pk,
        now=now - datetime.timedelta(days=2),
    )

    assert exports.purge_expired_exports(now) == 1

    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not any(p.is_file() for p in (media_root / "exports").rglob("*"))


# The pages ------------------------------------------------------------------------------


@pytest.fixture
def ready_export(member):
    return exports.build_export(export_id=services.request_export(member=member).pk)


@pytest.mark.parametrize("role", ["member", "suspended_member", "moderator"])
def test_members_see_their_data_page(db, sign_in, role):
    response = sign_in(role).get(reverse("privacy-export"))

    assert response.status_code == 200
    assert "Prepare a new copy of my data" in response.text


@pytest.mark.parametrize(
    "url", [reverse("privacy-export"), reverse("privacy-export-download", args=[1])]
)
def test_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_visitors_cannot_ask_for_an_export(client, db):
    response = client.post(reverse("privacy-export-request"))

    assert response.status_code == 302
    assert not DataExport.objects.exists()


def test_a_member_asks_for_an_export_from_the_page(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy-export-request"))
    response = client.get(reverse("privacy-export"))

    assert DataExport.objects.filter(member=member).exists()
    assert "Download your data" in response.text  # the test's tasks run at once


def test_the_member_downloads_their_ready_export(client, member, ready_export):
    client.force_login(member)

    response = client.get(reverse("privacy-export-download", args=[ready_export.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    content = read_zip(b"".join(response.streaming_content))
    assert json.loads(content["askwell.json"])["account"]["username"] == "patient_pat"


@pytest.mark.parametrize("role", ["other_member", "suspended_member", "moderator"])
def test_nobody_else_may_download_a_members_export(sign_in, ready_export, role):
    response = sign_in(role).get(reverse("privacy-export-download", args=[ready_export.pk]))

    assert response.status_code == 404


def test_an_expired_export_cannot_be_downloaded(client, member, ready_export):
    DataExport.objects.filter(pk=ready_export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(member)

    response = client.get(reverse("privacy-export-download", args=[ready_export.pk]))

    assert response.status_code == 404
