import datetime
import zoneinfo

import pytest

from journal.categories import category_for_activities
from journal.models import Category, Win
from tests.helpers import import_file, text_of

pytestmark = pytest.mark.django_db

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def daylio(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def upload(client, content: bytes, name: str = "daylio_export.csv"):
    return import_file(client, content, name)


def test_each_daylio_entry_becomes_a_win_with_mood_and_category(owner_client, owner):
    response = upload(
        owner_client,
        daylio(
            '2024-03-15,March 15,Friday,8:30 PM,rad,"friends | movies",Good evening,"Laughed a lot"',
            "2024-03-14,March 14,Thursday,07:05,meh,sleep,,",
        ),
    )
    assert response.status_code == 200
    assert "Imported 2 wins." in text_of(response)
    evening, morning = Win.objects.filter(owner=owner).order_by("-occurred_on")
    assert (evening.text, evening.mood, evening.category) == ("Good evening — Laughed a lot", 5, Category.CONNECTION)
    assert evening.occurred_on == datetime.date(2024, 3, 15)
    london = zoneinfo.ZoneInfo("Europe/London")
    assert evening.created_at == datetime.datetime(2024, 3, 15, 20, 30, tzinfo=london)
    assert (morning.text, morning.mood, morning.category) == ("Did: sleep", 3, Category.REST)
    assert not evening.shared_with_allies


@pytest.mark.parametrize(("mood", "number"), [("rad", 5), ("good", 4), ("meh", 3), ("bad", 2), ("awful", 1)])
def test_daylio_moods_map_to_our_five_moods(owner_client, owner, mood, number):
    upload(owner_client, daylio(f"2024-03-15,March 15,Friday,12:00,{mood},,,"))
    assert Win.objects.get(owner=owner).mood == number


def test_an_awful_day_is_marked_as_a_hard_day_and_kept_going(owner_client, owner):
    upload(
        owner_client, daylio("2024-03-15,March 15,Friday,12:00,awful,,,Still here", "2024-03-16,,,12:00,bad,,,Tired")
    )
    hard = dict(Win.objects.filter(owner=owner).values_list("text", "hard_day"))
    assert hard == {"Still here": True, "Tired": False}


def test_an_entry_without_words_or_activities_still_becomes_a_win(owner_client, owner):
    upload(owner_client, daylio("2024-03-15,March 15,Friday,12:00,good,,,"))
    assert Win.objects.get(owner=owner).text == "Checked in with Daylio (feeling good)"


def test_daylio_html_in_notes_becomes_plain_text(owner_client, owner):
    upload(owner_client, daylio('2024-03-15,March 15,Friday,12:00,good,,,"Line one<br>Line &amp; two"'))
    assert Win.objects.get(owner=owner).text == "Line one Line & two"


def test_a_custom_mood_is_kept_without_a_mood_and_said_so(owner_client, owner):
    response = upload(owner_client, daylio("2024-03-15,March 15,Friday,12:00,super,,,Went out"))
    assert Win.objects.get(owner=owner).mood is None
    assert "1 entry has a mood we don't know (“super”)" in text_of(response)


def test_a_long_note_is_shortened_and_said_so(owner_client, owner):
    response = upload(owner_client, daylio(f"2024-03-15,March 15,Friday,12:00,good,,,{'a' * 900}"))
    assert len(Win.objects.get(owner=owner).text) == 500
    assert "1 long note was shortened to 500 characters." in text_of(response)


def test_importing_the_same_daylio_file_twice_does_not_duplicate(owner_client, owner):
    content = daylio("2024-03-15,March 15,Friday,12:00,good,walk,,", "2024-03-16,March 16,Saturday,12:00,bad,,,")
    upload(owner_client, content)
    response = upload(owner_client, content)
    assert Win.all_objects.filter(owner=owner).count() == 2
    assert "Nothing new to add. 2 entries were already in your journal" in text_of(response)


def test_a_file_with_windows_line_endings_and_a_byte_order_mark_imports(owner_client, owner):
    content = ("\ufeff" + HEADER + '2024-03-15,March 15,Friday,12:00,good,,"Title","Two\r\nlines"\r\n').encode()
    upload(owner_client, content.replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n"))
    assert Win.objects.get(owner=owner).text == "Title — Two lines"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["2024-03-15,,,12:00,good,,,", "2024-13-01,,,12:00,good,,,"],
            "Row 3: the date '2024-13-01' isn't a real date.",
        ),
        (["15/03/2024,,,12:00,good,,,"], "Row 2: the date '15/03/2024' isn't a date like 2024-03-15."),
        (["2024-03-15,,,25:99,good,,,"], "Row 2: the time '25:99' isn't a time of day like 20:30 or 8:30 PM."),
        (["2999-03-15,,,12:00,good,,,"], "Row 2: the date '2999-03-15' is in the future."),
        (["2024-03-15,,,12:00,good,,,note,extra,columns"], "Row 2: this row has 10 columns but the first row names 8."),
        ([], "This Daylio file has its column names but no entries below them."),
    ],
)
def test_a_damaged_daylio_file_says_what_is_wrong_and_where_and_imports_nothing(owner_client, owner, rows, message):
    response = upload(owner_client, daylio(*rows))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Win.all_objects.filter(owner=owner).exists()


def test_a_foreign_csv_is_named_as_such(owner_client, owner):
    response = upload(owner_client, b"name,price\napple,3\n", name="groceries.csv")
    body = text_of(response)
    assert "This file isn't a JSON export from Small Wins or a CSV export from Daylio." in body
    assert "this one has no full_date or mood column" in body


def test_our_own_csv_points_to_the_json_file(owner_client, owner):
    response = upload(owner_client, b"day,text,category,mood,hard_day,shared_with_allies,logged_at\n")
    assert "please import the JSON file" in text_of(response)


@pytest.mark.parametrize(
    ("activities", "category"),
    [
        (["Friends", "movies"], Category.CONNECTION),
        (["movies"], Category.JOY),
        (["good sleep"], Category.REST),
        (["Therapy"], Category.REACHING_OUT),
        (["cleaning"], Category.ROUTINE),
        (["meditation"], Category.AWARENESS),
        (["gratitude"], Category.GRATITUDE),
        (["shower"], Category.SELF_CARE),
        (["exercise"], Category.BODY_HEALTH),
        (["something else entirely"], Category.OTHER),
        (["vacation", "great food"], Category.BODY_HEALTH),  # "food", not "cat" in vacation or "eat" in great
        (["theater"], Category.OTHER),
        ([], Category.OTHER),
    ],
)
def test_activities_pick_a_category_by_keyword(activities, category):
    assert category_for_activities(activities) == category
