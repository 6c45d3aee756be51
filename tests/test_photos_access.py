"""/photos/<code>/ and /photos/<code>/thumb/: the owner, an ally who sees shared wins, and no one else."""

import io

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.factories import make_ally_link, make_photo_win, make_win

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media):
    return media


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("suffix", ["", "thumb/"])
def test_the_owner_gets_the_photo_as_a_private_inline_jpeg(owner_client, owner, suffix):
    win = make_photo_win(owner)
    response = owner_client.get(f"/photos/{win.code}/{suffix}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'inline; filename="photo.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # Nothing can run where the photo is shown; only the browser's own viewer styles.
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy and "frame-ancestors 'none'" in policy
    assert Image.open(io.BytesIO(body_of(response))).format == "JPEG"


def test_the_thumbnail_is_the_small_copy(owner_client, owner):
    from journal import photos
    from tests.factories import image_bytes

    win = make_win(owner, "A wide sky", **photos.store(photos.process(image_bytes(size=(1600, 900)))))
    full = Image.open(io.BytesIO(body_of(owner_client.get(f"/photos/{win.code}/"))))
    thumb = Image.open(io.BytesIO(body_of(owner_client.get(f"/photos/{win.code}/thumb/"))))
    assert full.size == (1600, 900)
    assert thumb.size == (320, 180)


@pytest.mark.parametrize("suffix", ["", "thumb/"])
def test_a_stranger_gets_404(owner, stranger, suffix):
    win = make_photo_win(owner, shared_with_allies=True)
    assert client_for(stranger).get(f"/photos/{win.code}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "thumb/"])
def test_a_notes_only_ally_gets_404_even_for_a_shared_win(owner, ally, suffix):
    make_ally_link(owner, ally, scope="notes_only")
    win = make_photo_win(owner, shared_with_allies=True)
    assert client_for(ally).get(f"/photos/{win.code}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "thumb/"])
def test_an_ally_who_sees_shared_wins_gets_the_photo_of_a_shared_win(owner, ally, suffix):
    make_ally_link(owner, ally, scope="shared_wins")
    win = make_photo_win(owner, shared_with_allies=True)
    response = client_for(ally).get(f"/photos/{win.code}/{suffix}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert body_of(response)[:2] == b"\xff\xd8"


def test_an_ally_gets_404_for_a_win_that_is_not_shared(owner, ally):
    make_ally_link(owner, ally, scope="shared_wins")
    win = make_photo_win(owner, shared_with_allies=False)
    assert client_for(ally).get(f"/photos/{win.code}/").status_code == 404


def test_an_ally_of_someone_else_gets_404(owner, ally, stranger):
    make_ally_link(stranger, ally, scope="shared_wins")
    win = make_photo_win(owner, shared_with_allies=True)
    assert client_for(ally).get(f"/photos/{win.code}/").status_code == 404


def test_removing_an_ally_ends_their_access_at_once(owner, ally):
    link = make_ally_link(owner, ally, scope="shared_wins")
    win = make_photo_win(owner, shared_with_allies=True)
    client = client_for(ally)
    assert client.get(f"/photos/{win.code}/").status_code == 200
    link.delete()
    assert client.get(f"/photos/{win.code}/").status_code == 404


def test_the_owner_cant_be_an_ally_of_the_ally_to_see_their_photos(owner, ally):
    # The link runs one way: the owner supporting the ally shows nothing of the owner's to the ally.
    make_ally_link(ally, owner, scope="shared_wins")
    win = make_photo_win(owner, shared_with_allies=True)
    assert client_for(ally).get(f"/photos/{win.code}/").status_code == 404


def test_a_visitor_is_sent_to_log_in_and_never_gets_the_bytes(client, owner):
    win = make_photo_win(owner, shared_with_allies=True)
    for suffix in ("", "thumb/"):
        response = client.get(f"/photos/{win.code}/{suffix}")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert not getattr(response, "streaming", False)


def test_a_win_without_a_photo_or_a_deleted_win_answers_404(owner_client, owner):
    plain = make_win(owner, "No picture today")
    deleted = make_photo_win(owner, "Gone for now", deleted_at=timezone.now())
    assert owner_client.get(f"/photos/{plain.code}/").status_code == 404
    assert owner_client.get(f"/photos/{deleted.code}/").status_code == 404
    assert owner_client.get("/photos/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_missing_file_answers_404_not_500(owner_client, owner, media):
    win = make_photo_win(owner)
    (media / win.photo.name).unlink()
    assert owner_client.get(f"/photos/{win.code}/").status_code == 404


def test_photos_are_only_read_not_changed_through_their_address(owner_client, owner):
    win = make_photo_win(owner)
    assert owner_client.post(f"/photos/{win.code}/").status_code == 405


def test_the_ally_space_shows_the_thumbnail_of_a_shared_win(owner, ally):
    link = make_ally_link(owner, ally, scope="shared_wins")
    win = make_photo_win(owner, "Walked by the river", shared_with_allies=True)
    body = client_for(ally).get(f"/allies/{link.code}/").content.decode()
    assert f'src="/photos/{win.code}/thumb/"' in body
    assert 'alt="Walked by the river"' in body
