"""Thumbnails on Today, All wins and the week page, the week's Photos strip, and files going with their win."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from accounts.services import account_delete
from journal import weeks
from journal.models import Win
from tests.factories import make_photo_win, make_win

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media):
    return media


def stored_files(media) -> list:
    return sorted(path for path in media.rglob("*") if path.is_file())


def thumbnail_tag(body: str, win: Win) -> str:
    found = re.search(rf'<img src="/photos/{win.code}/thumb/"[^>]*>', body)
    assert found, f"no thumbnail for {win.text!r}"
    return found[0]


@pytest.mark.parametrize("url", ["/", "/wins/", "/week/"])
def test_thumbnails_are_lazy_with_the_wins_text_as_alt_and_their_size(owner_client, owner, url):
    win = make_photo_win(owner, "Sunlight & tea")
    body = owner_client.get(url).content.decode()
    tag = thumbnail_tag(body, win)
    assert 'alt="Sunlight &amp; tea"' in tag
    assert 'loading="lazy"' in tag
    assert f'width="{win.thumb_width}"' in tag and f'height="{win.thumb_height}"' in tag
    # The thumbnail opens the photo's own page; the file stays at /photos/<code>/.
    assert f'href="/wins/{win.code}/photo/?next=' in body


def test_the_week_page_has_a_photos_strip(owner_client, owner):
    today = owner.local_today()
    with_photo = make_photo_win(owner, "Bread I baked")
    make_win(owner, "No photo here")
    body = owner_client.get("/week/").content.decode()
    strip = body.split('data-testid="photo-strip"', 1)[1].split("</section>", 1)[0]
    assert ">Photos</h2>" in strip
    assert f'src="/photos/{with_photo.code}/thumb/"' in strip
    assert strip.count("<img") == 1

    last_week = weeks.Week.containing(today, owner.week_starts_on).previous.start.isoformat()
    empty = owner_client.get(f"/week/{last_week}/").content.decode()
    assert "Photos you add to this week's wins gather here" in empty


@pytest.mark.parametrize("url", ["/", "/wins/", "/week/"])
def test_photos_cost_no_extra_queries_on_list_pages(owner_client, owner, url, django_assert_max_num_queries):
    make_photo_win(owner, "One")
    owner_client.get(url)
    with django_assert_max_num_queries(40) as few:
        owner_client.get(url)
    for number in range(6):
        make_photo_win(owner, f"More {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get(url)


def test_a_deleted_win_keeps_its_files_for_undo_and_the_purge_removes_them(
    owner_client, owner, media, django_capture_on_commit_callbacks
):
    win = make_photo_win(owner)
    keep = make_photo_win(owner, "Still here")
    owner_client.post(f"/wins/{win.code}/delete/")
    assert len(stored_files(media)) == 4  # Undo can still bring it back, photo and all
    Win.all_objects.filter(pk=win.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=31))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_deleted_wins", "--days", "30", stdout=io.StringIO())

    assert not Win.all_objects.filter(pk=win.pk).exists()
    assert sorted(p.relative_to(media).as_posix() for p in stored_files(media)) == sorted(keep.photo_files)


def test_deleting_the_account_deletes_every_photo_file_and_no_one_elses(
    owner, ally, media, django_capture_on_commit_callbacks
):
    make_photo_win(owner, "Mine")
    make_photo_win(owner, "Mine, deleted", deleted_at=timezone.now())
    theirs = make_photo_win(ally, "The ally's own")
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=owner)
    assert not User.objects.filter(pk=owner.pk).exists()
    assert sorted(p.relative_to(media).as_posix() for p in stored_files(media)) == sorted(theirs.photo_files)


def test_a_rolled_back_delete_keeps_the_files(owner, media):
    from django.db import transaction

    win = make_photo_win(owner)
    with pytest.raises(RuntimeError), transaction.atomic():
        Win.all_objects.filter(pk=win.pk).delete()
        raise RuntimeError("changed my mind")
    assert len(stored_files(media)) == 2
