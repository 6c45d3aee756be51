"""Adding a photo to a win: real files made here with Pillow, decoded, re-encoded and stripped on the way in."""

import html
import io
import struct
import uuid
import zlib

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from journal.models import Win
from tests.factories import image_bytes, make_photo_win, make_win, photo_upload

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _media(media):
    return media


def log(client, upload, text="Sat by the sea", **extra):
    data = {"text": text, "category": "joy", "idempotency_key": str(uuid.uuid4()), "photo": upload}
    return client.post("/", data, **extra)


def stored_files(media) -> list:
    return sorted(path for path in media.rglob("*") if path.is_file())


def jpeg_with_gps() -> bytes:
    """A camera-like JPEG: orientation, maker, GPS position, an ICC profile and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show upright
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 15"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 30.0, 12.5), "W", (0.0, 7.0, 39.0)
    picture = Image.new("RGB", (640, 480), (30, 140, 200))
    buffer = io.BytesIO()
    icc = b"\0" * 128  # not a real profile: still must not be copied
    picture.save(buffer, "JPEG", exif=exif, comment=b"taken at home, 12 Elm Street", icc_profile=icc)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the test file really carries GPS"
    return data


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge picture: a decompression ('pixel') bomb."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
    data = png_chunk(b"IDAT", zlib.compress(b"\0" * 1024))
    return b"\x89PNG\r\n\x1a\n" + header + data + png_chunk(b"IEND", b"")


def test_a_jpeg_with_gps_exif_comes_back_with_no_metadata_at_all(owner_client, owner, media):
    response = log(owner_client, photo_upload(jpeg_with_gps(), "IMG_0042.jpg"))

    assert response.status_code == 302
    win = Win.objects.get()
    assert win.has_photo
    for name in (win.photo.name, win.photo_thumb.name):
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        stored = Image.open(io.BytesIO(data))
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert not stored.getexif().get_ifd(0x8825)
        for key in ("exif", "icc_profile", "comment", "xmp", "XML:com.adobe.xmp"):
            assert key not in stored.info
        assert b"Exif" not in data and b"PhoneMaker" not in data and b"Elm Street" not in data
    # Turned the right way up by its EXIF orientation, and a small thumbnail beside it.
    assert (win.photo_width, win.photo_height) == (480, 640)
    assert (win.thumb_width, win.thumb_height) == (240, 320)


def test_stored_files_have_random_names_and_keep_nothing_of_the_upload(owner_client, media):
    log(owner_client, photo_upload(name="holiday with Sam.jpg"))
    win = Win.objects.get()
    assert win.photo.name.startswith("photos/") and win.photo.name.endswith(".jpg")
    assert win.photo_thumb.name.startswith("photos/thumbs/")
    assert "holiday" not in win.photo.name and "Sam" not in win.photo.name
    assert len(stored_files(media)) == 2
    assert all("static" not in str(path) for path in stored_files(media))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (image_bytes("PNG", alpha=True), "drawing.png"),
        (image_bytes("WEBP"), "screenshot.webp"),
        (image_bytes("JPEG", size=(4000, 3000)), "big.jpg"),
    ],
)
def test_png_and_webp_are_welcome_and_are_kept_as_jpeg(owner_client, data, name):
    response = log(owner_client, photo_upload(data, name, "image/png"))
    assert response.status_code == 302
    win = Win.objects.get()
    with default_storage.open(win.photo.name, "rb") as handle:
        stored = Image.open(handle)
        assert stored.format == "JPEG"
        assert max(stored.size) <= 2048


REFUSED = {
    "an SVG": (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
        "We couldn't read that as a photo",
    ),
    "a PNG that is also a web page": (
        image_bytes("PNG") + b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
        "web page code inside it",
    ),
    "a decompression bomb": (png_claiming(20_000, 20_000), "photos can be up to 40 megapixels"),
    "a 50-megapixel picture": (png_claiming(10_000, 5_000), "photos can be up to 40 megapixels"),
    "a truncated JPEG": (image_bytes("JPEG", size=(800, 600))[:3000], "incomplete or damaged"),
    "a Windows program named photo.jpg": (b"MZ\x90\x00\x03" + b"\x00" * 2000, "We couldn't read that as a photo"),
    "a Linux program named photo.jpg": (b"\x7fELF\x02\x01\x01" + b"\x00" * 2000, "We couldn't read that as a photo"),
    "an EPS": (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n", "We couldn't read that as a photo"),
    "a GIF": (image_bytes("GIF"), "We couldn't read that as a photo"),
    "an empty file": (b"", "That file is empty"),
}


@pytest.mark.parametrize("kind", list(REFUSED))
def test_files_that_are_not_safe_photos_are_refused_kindly_and_the_text_is_kept(owner_client, media, kind):
    data, message = REFUSED[kind]
    response = log(owner_client, photo_upload(data, "photo.jpg"), text="Walked to the corner shop")

    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert message in body
    assert 'value="Walked to the corner shop"' in body
    assert not Win.objects.exists()
    assert stored_files(media) == []


def test_an_oversize_file_is_refused_before_it_is_read(owner_client, media):
    big = image_bytes("JPEG", size=(64, 64)) + b"\0" * (10 * 1024 * 1024)
    response = log(owner_client, photo_upload(big), text="Took a picture of the sky")
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Photos can be up to 10 MB" in body
    assert 'value="Took a picture of the sky"' in body
    assert not Win.objects.exists()
    assert stored_files(media) == []


def test_a_refused_photo_over_htmx_answers_422_with_the_form_and_the_text(owner_client):
    response = log(owner_client, photo_upload(b"<html><body>hi</body></html>"), text="Made soup", **HTMX)
    assert response.status_code == 422
    body = html.unescape(response.content.decode())
    assert 'id="log-form"' in body
    assert "web page code inside it" in body
    assert 'value="Made soup"' in body


def test_a_good_photo_with_a_form_that_needs_fixing_asks_for_the_photo_again(owner_client, media):
    response = log(owner_client, photo_upload(), text="")
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "please choose it again" in body
    assert stored_files(media) == []


def test_the_log_form_sends_files(owner_client):
    body = html.unescape(owner_client.get("/").content.decode())
    assert 'enctype="multipart/form-data"' in body
    assert 'hx-encoding="multipart/form-data"' in body
    assert '<label for="id_photo">Add a photo</label>' in body
    assert 'accept="image/jpeg,image/png,image/webp' in body


def test_a_resent_form_with_a_photo_makes_one_win_and_keeps_one_photo(owner_client, media):
    key = str(uuid.uuid4())
    for _ in range(2):
        owner_client.post("/", {"text": "Planted seeds", "idempotency_key": key, "photo": photo_upload()})
    assert Win.objects.count() == 1
    win = Win.objects.get()
    assert sorted(p.relative_to(media).as_posix() for p in stored_files(media)) == sorted(win.photo_files)


def test_a_photo_can_be_added_on_the_edit_page(owner_client, owner, media):
    win = make_win(owner, "Made the bed")
    page = html.unescape(owner_client.get(f"/wins/{win.code}/edit/").content.decode())
    assert "Add a photo" in page and 'enctype="multipart/form-data"' in page
    response = owner_client.post(
        f"/wins/{win.code}/edit/?next=/wins/", {"text": "Made the bed", "photo": photo_upload(jpeg_with_gps())}
    )
    assert response.status_code == 302
    win.refresh_from_db()
    assert win.has_photo
    assert len(stored_files(media)) == 2


def test_a_refused_photo_on_the_edit_page_keeps_the_changed_text_and_the_old_photo(owner_client, owner, media):
    win = make_photo_win(owner, "Made the bed")
    before = win.photo_files
    response = owner_client.post(
        f"/wins/{win.code}/edit/", {"text": "Made the bed, and smiled", "photo": photo_upload(b"\x7fELF" + b"\0" * 64)}
    )
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "We couldn't read that as a photo" in body
    assert "Made the bed, and smiled" in body
    win.refresh_from_db()
    assert win.text == "Made the bed" and win.photo_files == before


def test_a_new_photo_replaces_the_old_one_and_its_files(owner_client, owner, media, django_capture_on_commit_callbacks):
    win = make_photo_win(owner, "Made the bed")
    old = win.photo_files
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/wins/{win.code}/edit/", {"text": "Made the bed", "photo": photo_upload()})
    win.refresh_from_db()
    assert win.has_photo and set(win.photo_files).isdisjoint(old)
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in win.photo_files)


def test_remove_photo_deletes_the_files(owner_client, owner, media, django_capture_on_commit_callbacks):
    win = make_photo_win(owner, "Made the bed")
    page = html.unescape(owner_client.get(f"/wins/{win.code}/edit/").content.decode())
    assert "Remove photo" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(f"/wins/{win.code}/edit/", {"text": "Made the bed", "remove_photo": "on"})
    assert response.status_code == 302
    win.refresh_from_db()
    assert not win.has_photo and win.photo_width is None
    assert stored_files(media) == []


def test_editing_only_the_text_keeps_the_photo(owner_client, owner, media):
    win = make_photo_win(owner, "Made the bed")
    before = win.photo_files
    owner_client.post(f"/wins/{win.code}/edit/", {"text": "Made the bed properly"})
    win.refresh_from_db()
    assert win.text == "Made the bed properly" and win.photo_files == before
    assert len(stored_files(media)) == 2
