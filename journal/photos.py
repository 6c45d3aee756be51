"""Photos on wins: read with Pillow from an allow-list, re-encoded, stripped of metadata, thumbnailed.

The person's file is never stored. Pillow opens it, restricted to the formats
we accept; its format and its size in pixels are checked *before* a single
pixel is decoded; then it is decoded, turned the right way up (EXIF
orientation), converted to sRGB and written out as a brand-new JPEG with no
metadata at all (no EXIF, no GPS, no ICC profile, no comment, no XMP), with a
small thumbnail beside it. Both get random names (journal.models.photo_upload_to).

Anything that cannot be read that way is refused with a kind message that
says what to do next: SVG, EPS and other formats, files that also hold a web
page (polyglots), truncated files, pixel bombs, programs renamed .jpg.

Files are only ever served by the access-checked views in journal/views/photos.py,
and they are deleted when their win really goes away (post_delete below).
"""

import io
import logging
import re
import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .words import size_in_words

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow warns about a larger image while opening it, and refuses one more than
# twice as large outright; the warning is made an error below, and the size is
# checked again by hand, so nothing over MAX_PIXELS is ever decoded.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

STORED_EDGE = 2048  # the longest side kept: plenty for a journal, a fraction of a camera's file
THUMB_EDGE = 320
JPEG_QUALITY = 85
THUMB_QUALITY = 80
CONTENT_TYPE = "image/jpeg"

# Bytes that only a web page would carry. A file holding them is refused even if
# it is also a valid image (a polyglot), because a browser might one day be
# talked into reading it as HTML. Markers of five bytes or more keep the chance
# of one appearing by accident inside compressed pixels far below one in a thousand.
_MARKUP = re.compile(rb"<(?:html|head>|body|script|iframe|!doctype|\?php)|javascript:", re.IGNORECASE)

_TOO_BIG = "That photo is {size}. Photos can be up to 10 MB: please choose a smaller one, or a screenshot of it."
_TOO_MANY_PIXELS = (
    "That photo has more pixels than we can take: photos can be up to 40 megapixels. "
    "Please choose a smaller copy, or a screenshot of it."
)
_NOT_A_PHOTO = "We couldn't read that as a photo. Please choose a JPEG, PNG or WebP picture."
_DAMAGED = "That photo seems to be incomplete or damaged, so we couldn't read it. Please try choosing it again."
_MARKUP_FOUND = "That file has web page code inside it, so we can't use it as a photo. Please choose another picture."
_EMPTY = "That file is empty. Please choose a photo."


class PhotoProblem(ValueError):
    """The upload can't be used. The message is for the person and says what to do."""


@dataclass(frozen=True)
class Photo:
    """A photo ready to store: a clean JPEG and its thumbnail, with their sizes."""

    data: bytes
    width: int
    height: int
    thumb: bytes
    thumb_width: int
    thumb_height: int


def allowed_formats() -> frozenset[str]:
    """JPEG, PNG and WebP; HEIF/HEIC too when a Pillow plugin that reads it is installed."""
    formats = {"JPEG", "PNG", "WEBP"}
    if "HEIF" in Image.OPEN:
        formats.add("HEIF")
    return frozenset(formats)


def accept_attribute() -> str:
    """The file input's accept="…": what a phone's picker should offer."""
    types = ["image/jpeg", "image/png", "image/webp"]
    if "HEIF" in allowed_formats():
        types += ["image/heic", "image/heif"]
    return ",".join(types)


def read_upload(upload) -> Photo:
    """Check an uploaded file's size, then process it; PhotoProblem if it can't be used."""
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        raise PhotoProblem(_TOO_BIG.format(size=size_in_words(size, round_up=True)))
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoProblem(_TOO_BIG.format(size=size_in_words(len(data), round_up=True)))
    return process(data)


def process(data: bytes) -> Photo:
    """Decode an image from the allow-list and write it out again, clean. PhotoProblem otherwise."""
    if not data:
        raise PhotoProblem(_EMPTY)
    if _MARKUP.search(data):
        raise PhotoProblem(_MARKUP_FOUND)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # `formats` limits which decoders may even look at the bytes: an EPS
            # (Ghostscript) or an SVG never reaches a parser.
            with Image.open(io.BytesIO(data), formats=sorted(allowed_formats())) as image:
                return _clean(image)
        except PhotoProblem:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoProblem(_TOO_MANY_PIXELS) from None
        except UnidentifiedImageError:
            raise PhotoProblem(_NOT_A_PHOTO) from None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError):
            # Truncated data ("image file is truncated"), broken chunks, bad headers.
            raise PhotoProblem(_DAMAGED) from None
        except MemoryError:
            raise PhotoProblem(_TOO_MANY_PIXELS) from None


def _clean(image: Image.Image) -> Photo:
    if image.format not in allowed_formats():
        raise PhotoProblem(_NOT_A_PHOTO)
    width, height = image.size
    if width < 1 or height < 1:
        raise PhotoProblem(_DAMAGED)
    if width * height > MAX_PIXELS:
        raise PhotoProblem(_TOO_MANY_PIXELS)
    image.load()  # only now are pixels decoded
    icc = image.info.get("icc_profile")
    upright = _upright(image)
    rgb = _to_srgb(upright, icc)
    # A brand-new image holds only pixels: nothing of the original's info
    # (EXIF, ICC, comments, XMP, DPI) can follow it into the file we write.
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    full = clean
    if max(clean.size) > STORED_EDGE:
        full = clean.copy()
        full.thumbnail((STORED_EDGE, STORED_EDGE), Image.Resampling.LANCZOS)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    return Photo(
        data=_jpeg(full, JPEG_QUALITY),
        width=full.width,
        height=full.height,
        thumb=_jpeg(thumb, THUMB_QUALITY),
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, struct.error):
        return image  # EXIF too broken to read: the photo as it is stored


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Plain 8-bit RGB, transparency laid on white, colours moved into sRGB when a profile says how."""
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    if icc and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _srgb(), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unreadable profile: the colours as they are
    return image.convert("RGB")


def _srgb():
    return ImageCms.createProfile("sRGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


# ---- Storage ----------------------------------------------------------------------


def _fields():
    from .models import Win

    return Win._meta.get_field("photo"), Win._meta.get_field("photo_thumb")


def store(photo: Photo) -> dict:
    """Save both files under fresh random names: the Win fields to set, ready for Win(**fields)."""
    from django.core.files.base import ContentFile

    photo_field, thumb_field = _fields()
    saved: list[str] = []
    try:
        name = photo_field.storage.save(photo_field.generate_filename(None, "photo.jpg"), ContentFile(photo.data))
        saved.append(name)
        thumb = thumb_field.storage.save(thumb_field.generate_filename(None, "thumb.jpg"), ContentFile(photo.thumb))
        saved.append(thumb)
    except Exception:
        delete_files(saved)
        raise
    return {
        "photo": name,
        "photo_thumb": thumb,
        "photo_width": photo.width,
        "photo_height": photo.height,
        "thumb_width": photo.thumb_width,
        "thumb_height": photo.thumb_height,
    }


NO_PHOTO = {
    "photo": "",
    "photo_thumb": "",
    "photo_width": None,
    "photo_height": None,
    "thumb_width": None,
    "thumb_height": None,
}


def stored_names(fields: dict) -> list[str]:
    return [fields[key] for key in ("photo", "photo_thumb") if fields.get(key)]


def delete_files(names: Iterable[str]) -> None:
    """Remove files from storage; a file already gone is fine, a failure is logged without its name."""
    photo_field, _thumb_field = _fields()
    for name in names:
        if not name:
            continue
        try:
            photo_field.storage.delete(name)
        except Exception as exc:
            log.warning("Could not delete a photo file: %s", type(exc).__name__)


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Delete once the change that let go of them is committed: a rollback keeps the files."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_files(names))


def delete_photo_files(sender, instance, **kwargs) -> None:
    """post_delete on Win (journal/apps.py): the purge, account deletion and any other real delete."""
    delete_files_on_commit(instance.photo_files)
