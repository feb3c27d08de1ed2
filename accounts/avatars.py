"""
Members' avatars: an upload is checked by what it is, not by its name (its size in
bytes, then its format and its size in pixels, read from its header before a single
pixel is decoded, so that a small file that would decode to gigabytes, an image bomb,
is turned away), then decoded, turned upright, cropped square, scaled down and
re-encoded as a JPEG. Re-encoding keeps none of the file's metadata: no EXIF (camera,
time, GPS position), comments or colour profiles. Files are stored under random names
in the default storage (MEDIA_ROOT, or S3 when configured).

A member without an avatar is shown their initials (templates/includes/avatar.html),
made in the page: no request leaves the site.
"""

import io
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats read by their content; SVG (a document that may carry script) and the
# rarer bitmap formats are not among them.
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
ACCEPTED_NAMES = "JPEG, PNG, GIF or WebP"
JPEG_QUALITY = 85

NOT_AN_IMAGE = _(
    "That file is not a picture we can use. Choose a photo or picture saved as %(formats)s."
)


TOO_MANY_PIXELS = _(
    "That picture has too many pixels for an avatar. Please choose one of at most "
    "%(megapixels)d megapixels."
)


def _limit():
    return {"megapixels": settings.ASKWELL_AVATAR_MAX_PIXELS // 1_000_000}


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def _open_checked(upload):
    """The upload opened as an image, its header checked; nothing decoded yet."""
    max_bytes = settings.ASKWELL_AVATAR_MAX_BYTES
    if upload.size is None or upload.size > max_bytes:
        _refuse(
            _("That file is too large: at most %(limit)s, please."),
            "too_large",
            limit=filesizeformat(max_bytes),
        )
    upload.seek(0)
    try:
        # Opening reads the header only. Pillow's own guard (Image.MAX_IMAGE_PIXELS,
        # set from ours) warns, or refuses, past the limit: both are refusals here.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(TOO_MANY_PIXELS, "too_many_pixels", **_limit())
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        _refuse(NOT_AN_IMAGE, "not_an_image", formats=ACCEPTED_NAMES)
    if image.format not in ACCEPTED_FORMATS:
        _refuse(NOT_AN_IMAGE, "unsupported_format", formats=ACCEPTED_NAMES)
    width, height = image.size
    if width < 1 or height < 1 or width * height > settings.ASKWELL_AVATAR_MAX_PIXELS:
        _refuse(TOO_MANY_PIXELS, "too_many_pixels", **_limit())
    return image


def process_avatar(upload):
    """
    Check an uploaded file and make the avatar stored from it: a square JPEG of
    ASKWELL_AVATAR_SIZE pixels without metadata. Raises ValidationError (codes
    too_large, not_an_image, unsupported_format, too_many_pixels) for anything else.
    Returns a ContentFile named at random.
    """
    image = _open_checked(upload)
    size = settings.ASKWELL_AVATAR_SIZE
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGBA", image.size, (255, 255, 255, 255))
                image = Image.alpha_composite(background, image)
            image = ImageOps.fit(image.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning):
        _refuse(NOT_AN_IMAGE, "not_an_image", formats=ACCEPTED_NAMES)
    out = io.BytesIO()
    # A new image, saved without exif= or icc_profile=: no metadata comes along.
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(16)}.jpg")


def configure_pillow():
    """Pillow refuses to open images past twice this; set it from our own limit."""
    Image.MAX_IMAGE_PIXELS = settings.ASKWELL_AVATAR_MAX_PIXELS
