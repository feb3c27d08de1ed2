"""The member's profile settings, /accounts/profile/: bio and avatar."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains

URL = reverse("profile-settings")


def picture(name="me.png", size=(50, 50), fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.mark.parametrize("role", ["member", "suspended_member", "moderator"])
def test_signed_in_members_see_their_profile_settings(db, sign_in, role):
    response = sign_in(role).get(URL)

    assert response.status_code == 200
    assertContains(response, "About you")


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_member_saves_their_bio(client, member):
    client.force_login(member)

    response = client.post(URL, {"bio": "Carer for my **dad**."})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.bio == "Carer for my **dad**."
    assert "<strong>dad</strong>" in member.bio_html


def test_a_member_changes_only_their_own_profile(client, member, other_member):
    client.force_login(other_member)

    client.post(URL, {"bio": "Written by olga"})

    member.refresh_from_db()
    assert member.bio == ""


def test_a_member_uploads_an_avatar(client, member, media_root):
    client.force_login(member)

    client.post(URL, {"bio": "", "avatar": picture()})

    member.refresh_from_db()
    assert member.avatar.name.startswith("avatars/")
    assert (media_root / "media" / member.avatar.name).is_file()


def test_a_new_avatar_replaces_and_deletes_the_old_file(
    client, member, media_root, django_capture_on_commit_callbacks
):
    client.force_login(member)
    client.post(URL, {"bio": "", "avatar": picture()})
    member.refresh_from_db()
    old = media_root / "media" / member.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"bio": "", "avatar": picture("other.png")})

    assert not old.exists()


def test_a_member_removes_their_avatar(client, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    client.post(URL, {"bio": "", "avatar": picture()})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"bio": "", "remove_avatar": "on"})

    member.refresh_from_db()
    assert not member.avatar


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("me.jpg", b"not a picture at all"), "not a picture we can use"),
        (
            SimpleUploadedFile("me.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            "not a picture we can use",
        ),
    ],
    ids=["text named .jpg", "svg"],
)
def test_a_bad_upload_is_refused_with_the_reason_and_the_bio_kept(client, member, upload, message):
    client.force_login(member)

    response = client.post(URL, {"bio": "Typed with care", "avatar": upload})

    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assertContains(response, "Typed with care", status_code=400)
    member.refresh_from_db()
    assert not member.avatar


def test_a_huge_picture_is_refused(client, member, settings):
    settings.ASKWELL_AVATAR_MAX_PIXELS = 40 * 40
    client.force_login(member)

    response = client.post(URL, {"bio": "", "avatar": picture(size=(50, 50))})

    assertContains(response, "too many pixels", status_code=400)


def test_a_file_over_the_size_limit_is_refused(client, member, settings):
    settings.ASKWELL_AVATAR_MAX_BYTES = 100
    client.force_login(member)

    response = client.post(URL, {"bio": "", "avatar": picture()})

    assertContains(response, "too large", status_code=400)


def test_a_bio_over_the_limit_is_refused(client, member):
    client.force_login(member)

    response = client.post(URL, {"bio": "x" * 501})

    assert response.status_code == 400
