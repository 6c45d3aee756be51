"""Words that fit the moment: the time of day, a first day, a new goal, a file's size, a file we can't read."""

import datetime
import json
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal import photos, words
from tests.factories import PASSWORD, make_goal, make_user, make_win
from tests.helpers import at, import_file, text_of

LONDON = zoneinfo.ZoneInfo("Europe/London")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("hour", "said"),
    [
        (4, "Hello"),
        (5, "Good morning"),
        (11, "Good morning"),
        (12, "Good afternoon"),
        (17, "Good afternoon"),
        (18, "Good evening"),
        (22, "Good evening"),
        (23, "Hello"),
        (0, "Hello"),
    ],
)
def test_the_greeting_fits_the_hour(hour, said):
    assert words.greeting(datetime.datetime(2025, 3, 10, hour, 30, tzinfo=LONDON)) == said


@pytest.mark.django_db
def test_today_greets_by_the_persons_own_time_zone(client):
    tokyo = make_user("kenji@example.com", timezone="Asia/Tokyo", display_name="Kenji")
    london = make_user("amy@example.com", timezone="Europe/London", display_name="Amy")
    # 08:00 in London is 17:00 in Tokyo.
    with at(datetime.datetime(2025, 3, 10, 8, 0, tzinfo=LONDON)):
        client.force_login(london)
        assert "Good morning, Amy." in text_of(client.get("/"))
        client.force_login(tokyo)
        assert "Good afternoon, Kenji." in text_of(client.get("/"))


@pytest.mark.django_db
def test_logging_in_does_not_say_welcome_every_time(client):
    person = make_user("sam@example.com", display_name="Sam")
    for _ in range(2):
        response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD}, follow=True)
        page = text_of(response)
        assert "Welcome, Sam" not in page
        assert "Glad you are here" not in page
        assert ", Sam. What's one small thing you did?" in page
        client.logout()


@pytest.mark.django_db
def test_a_new_account_hears_that_the_first_win_can_be_tiny(client):
    person = make_user("new@example.com")
    client.force_login(person)
    page = text_of(client.get("/"))
    assert "Your first small win can be tiny." in page
    assert "A fresh page this month." not in page


@pytest.mark.django_db
def test_a_month_not_yet_started_is_not_called_a_first_day(client, owner):
    today = owner.local_today()
    make_win(owner, "Last month", occurred_on=today.replace(day=1) - datetime.timedelta(days=1))
    client.force_login(owner)
    page = text_of(client.get("/"))
    assert words.FIRST_WIN_THIS_MONTH in page
    assert words.FIRST_WIN_EVER not in page


@pytest.mark.django_db
def test_a_new_goal_is_new_and_one_done_before_is_not_yet_this_month(client, owner):
    new = make_goal(owner, "Drink water")
    older = make_goal(owner, "Step outside")
    older.complete(owner.local_today().replace(day=1) - datetime.timedelta(days=1))
    client.force_login(owner)
    page = client.get("/goals/").content.decode()
    assert f'id="goal-{new.code}"' in page
    assert page.count('<span class="goal-count">new</span>') == 1
    assert page.count('<span class="goal-count">not yet this month</span>') == 1
    assert "fresh start" not in page


@pytest.mark.parametrize(
    ("count", "limit", "too_big"),
    [
        (20 * 1024 * 1024, "20 MB", "20 MB"),
        (10 * 1024 * 1024 + 1, "10 MB", "10.1 MB"),
        (7_864_320, "7.5 MB", "7.5 MB"),
        (2048, "2 KB", "2 KB"),
        (1000, "1,000 bytes", "1,000 bytes"),
        (3 * 1024**3, "3 GB", "3 GB"),
    ],
)
def test_sizes_are_written_as_people_write_them(count, limit, too_big):
    assert words.size_in_words(count) == limit
    assert words.size_in_words(count, round_up=True) == too_big


@pytest.mark.django_db
def test_the_import_form_states_its_limits_plainly(owner_client):
    page = text_of(owner_client.get("/account/data/"))
    assert "up to 20 MB and 300,000 entries" in page
    assert "20.0 MB" not in page


# --- A file we can't read says where and what to do -----------------------------------------


def upload(client, content: bytes, name: str):
    return import_file(client, content, name)  # the worker's part too: most of these are its to find


@pytest.mark.django_db
def test_a_damaged_json_file_names_the_line_and_what_to_do_without_the_parsers_words(owner_client):
    content = b'{"format": "small-wins-export",\n"version": 1,\n"wins": [\n{"text": "x",}\n]}'
    page = text_of(upload(owner_client, content, "small-wins.json"))
    assert "Line 4 of this file can't be read" in page
    assert "Please download a new export with “Download JSON” and import that file." in page
    for parser_words in ("Expecting", "expecting", "property name", "double quotes", "column", "char "):
        assert parser_words not in page


@pytest.mark.django_db
def test_a_problem_inside_a_json_export_names_the_entry_and_what_to_do(owner_client):
    document = {"format": "small-wins-export", "version": 1, "wins": [{"text": "Hi", "category": "sparkles"}]}
    page = text_of(upload(owner_client, json.dumps(document).encode(), "small-wins.json"))
    assert "Win 1 in the file: the category 'sparkles' isn't one we know. Please download a new export" in page


@pytest.mark.django_db
def test_a_daylio_row_csv_cannot_read_names_the_row_and_what_to_do(owner_client):
    header = "full_date,date,weekday,time,mood,activities,note_title,note\n"
    content = header + "2024-03-15,March 15,Friday,12:00,good,,," + "x" * 140_000 + "\n"
    page = text_of(upload(owner_client, content.encode(), "daylio_export.csv"))
    assert "Row 2 can't be read" in page
    assert "fix that row in a spreadsheet app" in page
    assert "field limit" not in page


@pytest.mark.django_db
def test_a_daylio_problem_in_a_row_names_the_row_and_what_to_do(owner_client):
    header = "full_date,date,weekday,time,mood,activities,note_title,note\n"
    content = header + "2024-03-15,March 15,Friday,12:00,good,,,\nnot a date,,,12:00,good,,,\n"
    page = text_of(upload(owner_client, content.encode(), "daylio_export.csv"))
    assert "Row 3" in page
    assert "or export again from Daylio, then import it." in page


def test_a_message_that_already_says_what_to_do_is_left_as_it_is():
    said = "This file is saved as UTF-16. Please save it as UTF-8 and try again."
    assert words.with_next_step(said, "json") == said


def test_a_photo_too_big_says_its_size_rounded_up():
    upload = SimpleUploadedFile("big.jpg", b"0" * (photos.MAX_BYTES + 1), content_type="image/jpeg")
    with pytest.raises(photos.PhotoProblem) as problem:
        photos.read_upload(upload)
    assert "That photo is 10.1 MB. Photos can be up to 10 MB" in str(problem.value)
