"""Avatars (accounts.avatars): checked by content before decoding, re-encoded without
metadata, cropped square; everything else refused with a reason."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.avatars import process_avatar


def upload(content, name="avatar.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def image_bytes(fmt="JPEG", size=(120, 80), mode="RGB", **options):
    out = io.BytesIO()
    Image.new(mode, size, "red" if mode != "1" else 0).save(out, format=fmt, **options)
    return out.getvalue()


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x9003] = "2026:01:02 03:04:05"  # DateTimeOriginal
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps
    return image_bytes(exif=exif.tobytes())


def refusal_code(content, **kwargs):
    with pytest.raises(ValidationError) as refused:
        process_avatar(upload(content, **kwargs))
    return refused.value.code


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_accepted_formats_become_a_square_jpeg(fmt, settings):
    avatar = process_avatar(upload(image_bytes(fmt, mode="RGB" if fmt != "GIF" else "P")))

    image = Image.open(io.BytesIO(avatar.read()))
    assert image.format == "JPEG"
    assert image.size == (settings.ASKWELL_AVATAR_SIZE, settings.ASKWELL_AVATAR_SIZE)


def test_exif_and_gps_metadata_are_stripped():
    avatar = process_avatar(upload(jpeg_with_gps()))

    content = avatar.read()
    assert not Image.open(io.BytesIO(content)).getexif()
    assert b"PhoneMaker" not in content
    assert b"Exif" not in content


def test_the_stored_name_is_random_not_the_uploaded_one():
    avatar = process_avatar(upload(image_bytes(), name="patient_pat-face.jpg"))

    assert "patient" not in avatar.name
    assert avatar.name.endswith(".jpg")


def test_a_transparent_png_gets_a_white_background():
    avatar = process_avatar(upload(image_bytes("PNG", mode="RGBA"), name="a.png"))

    assert Image.open(io.BytesIO(avatar.read())).mode == "RGB"


def test_a_text_file_named_like_a_picture_is_refused():
    assert refusal_code(b"just some words, not a picture", name="photo.jpg") == "not_an_image"


def test_an_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    assert refusal_code(svg, name="face.svg", content_type="image/svg+xml") == "not_an_image"


def test_a_format_we_do_not_take_is_refused():
    assert refusal_code(image_bytes("BMP"), name="face.bmp") == "unsupported_format"


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(settings):
    settings.ASKWELL_AVATAR_MAX_BYTES = 1000

    assert refusal_code(image_bytes(size=(400, 400), quality=100)) == "too_large"


def test_a_huge_picture_is_refused_by_its_header(settings):
    settings.ASKWELL_AVATAR_MAX_PIXELS = 100 * 100

    assert refusal_code(image_bytes(size=(200, 200))) == "too_many_pixels"


def test_an_image_bomb_is_refused_before_it_is_decoded():
    # 6,000 × 6,000 one-bit pixels compress to a few kilobytes, and would decode to
    # 36 million pixels, more than an avatar may have.
    bomb = image_bytes("PNG", size=(6000, 6000), mode="1", optimize=True)
    assert len(bomb) < 100_000

    assert refusal_code(bomb, name="bomb.png") == "too_many_pixels"


def test_a_truncated_picture_is_refused():
    assert refusal_code(image_bytes()[:200]) == "not_an_image"
