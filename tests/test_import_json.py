import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.models import Category, ImportJob, Reflection, Win
from journal.portability.jobs import ImportInterrupted, run_import
from tests.factories import make_win
from tests.helpers import import_file, import_result, text_of

pytestmark = pytest.mark.django_db


def upload(client, content, name="small-wins.json", **extra):
    if not isinstance(content, (bytes, str)):
        content = json.dumps(content)
    return import_file(client, content, name, **extra)


def export(**parts) -> dict:
    document = {"format": "small-wins-export", "version": 1, "profile": {}, "wins": [], "reflections": []}
    document.update(parts)
    return document


def win(**fields) -> dict:
    item = {
        "code": "6f1c3b5e-1d2a-4a57-9b8f-6c7d8e9f0a1b",
        "occurred_on": "2024-03-15",
        "text": "Made tea and sat by the window",
        "category": "rest",
        "mood": 3,
        "hard_day": False,
        "shared_with_allies": False,
        "created_at": "2024-03-15T09:30:00+00:00",
    }
    item.update(fields)
    return item


def test_visitor_cannot_import(client):
    response = client.post("/account/data/", {})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_has_a_file_field_and_an_import_button(owner_client):
    body = owner_client.get("/account/data/").content.decode()
    assert 'type="file"' in body and 'name="file"' in body
    assert 'enctype="multipart/form-data"' in body
    assert ">Import</button>" in body


def test_a_small_wins_export_comes_back_as_wins_and_reflections(owner_client, owner):
    reflection = {"week_start": "2024-03-11", "what_helped": "Tea", "proud": True, "created_at": None}
    response = upload(owner_client, export(wins=[win()], reflections=[reflection]))
    assert response.status_code == 200
    assert import_result(response) == "Imported 1 win and 1 reflection."
    imported = Win.objects.get(owner=owner)
    assert (imported.text, imported.category, imported.mood) == ("Made tea and sat by the window", Category.REST, 3)
    assert imported.occurred_on == datetime.date(2024, 3, 15)
    assert imported.created_at == datetime.datetime(2024, 3, 15, 9, 30, tzinfo=datetime.UTC)
    assert str(imported.code) == "6f1c3b5e-1d2a-4a57-9b8f-6c7d8e9f0a1b"
    assert Reflection.objects.get(owner=owner).what_helped == "Tea"


def test_importing_the_same_file_twice_adds_nothing_the_second_time(owner_client, owner):
    document = export(
        wins=[win(), win(code=None, text="No code on this one")], reflections=[{"week_start": "2024-03-11"}]
    )
    upload(owner_client, document)
    response = upload(owner_client, document)
    assert Win.all_objects.filter(owner=owner).count() == 2
    assert Reflection.objects.filter(owner=owner).count() == 1
    assert import_result(response) == (
        "Nothing new to add. 3 entries were already in your journal, so we left them as they were."
    )


def test_importing_your_own_export_into_the_same_journal_does_not_duplicate(owner_client, owner):
    make_win(owner, "Already here")
    exported = json.loads(b"".join(owner_client.get("/account/data/small-wins.json").streaming_content))
    upload(owner_client, exported)
    assert list(Win.objects.filter(owner=owner).values_list("text", flat=True)) == ["Already here"]


def test_someone_elses_export_gets_new_codes_in_your_journal(owner_client, owner, stranger):
    theirs = make_win(stranger, "Their win")
    upload(owner_client, export(wins=[win(code=str(theirs.code), text="Their win")]))
    mine = Win.objects.get(owner=owner)
    assert mine.code != theirs.code
    assert Win.objects.get(pk=theirs.pk).owner == stranger


def test_an_existing_reflection_keeps_what_you_wrote_and_gains_only_blank_answers(owner_client, owner):
    Reflection.objects.create(owner=owner, week_start=datetime.date(2024, 3, 11), what_helped="My words")
    upload(
        owner_client,
        export(reflections=[{"week_start": "2024-03-11", "what_helped": "File words", "five_wins": "Five"}]),
    )
    reflection = Reflection.objects.get(owner=owner)
    assert (reflection.what_helped, reflection.five_wins) == ("My words", "Five")


def test_settings_come_back_only_when_asked(owner_client, owner):
    profile = {"display_name": "From file", "timezone": "Asia/Tokyo", "week_starts_on": 6}
    upload(owner_client, export(profile=profile))
    owner.refresh_from_db()
    assert owner.timezone == "Europe/London"
    upload(owner_client, export(profile=profile), restore_settings="on")
    owner.refresh_from_db()
    assert (owner.display_name, owner.timezone, owner.week_starts_on) == ("From file", "Asia/Tokyo", 6)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "Line 1 of this file can't be read"),
        ({"wins": []}, "This JSON file isn't a Small Wins export"),
        (export(version=7), "newer Small Wins (format version 7)"),
        (
            export(wins=[win(), win(code=None, occurred_on="2024-13-01")]),
            "Win 2 in the file: the day '2024-13-01' isn't a real date.",
        ),
        (export(wins=[win(text="")]), "Win 1 in the file: the text is empty."),
        (
            export(wins=[win(text="x" * 501)]),
            "Win 1 in the file: the text is 501 characters long; the most we keep is 500.",
        ),
        (export(wins=[win(category="sparkles")]), "Win 1 in the file: the category 'sparkles' isn't one we know."),
        (export(wins=[win(mood=9)]), "Win 1 in the file: the mood should be a number from 1 to 5, not '9'."),
        (export(wins=[win(hard_day="yes")]), "Win 1 in the file: “hard_day” should be true or false"),
        (export(wins=[win(occurred_on="2999-01-01")]), "Win 1 in the file: the day '2999-01-01' is in the future."),
        (
            export(wins=[win(text="nul \u0000 inside")]),
            "Win 1 in the file: the text contains a character we can't store.",
        ),
        (
            '{"format": "small-wins-export", "version": 1, "wins": [{"text": "\\ud800"}]}',
            "the text contains a character we can't store",
        ),
        (export(wins={"a": 1}), 'The "wins" part of this file should be a list.'),
        (
            export(reflections=[{"week_start": "last week"}]),
            "Reflection 1 in the file: the week start 'last week' isn't a date",
        ),
        ("[" * 100_000, "This JSON file is"),
    ],
)
def test_a_damaged_or_foreign_file_says_what_is_wrong_and_where_and_imports_nothing(
    owner_client, owner, document, message
):
    response = upload(owner_client, document)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Win.all_objects.filter(owner=owner).exists()
    assert not Reflection.objects.filter(owner=owner).exists()


def test_a_file_that_is_too_big_gets_a_kind_message(owner_client, owner, settings):
    settings.IMPORT_MAX_BYTES = 2048
    response = upload(owner_client, export(wins=[win(code=None, text=f"Win {n}") for n in range(50)]))
    body = text_of(response)
    assert "and imports can be up to 2 KB" in body
    assert not Win.objects.filter(owner=owner).exists()


def test_no_file_gets_a_kind_message(owner_client):
    response = owner_client.post("/account/data/", {})
    assert response.status_code == 200
    assert "Please choose a file to import." in text_of(response)


def test_an_empty_file_gets_a_kind_message(owner_client):
    response = upload(owner_client, b"")
    assert "This file is empty." in text_of(response)


def test_a_binary_file_gets_a_kind_message(owner_client):
    response = upload(owner_client, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", name="photo.png")
    assert "We can't read this file as text" in text_of(response)


def test_an_import_is_all_or_nothing_when_the_database_refuses_a_row(owner_client, owner, monkeypatch):
    from journal.models import Reflection as ReflectionModel

    def refuse(*args, **kwargs):
        raise RuntimeError("the database said no to 'Made tea and sat by the window'")

    monkeypatch.setattr(ReflectionModel.objects, "bulk_create", refuse)
    document = export(wins=[win()], reflections=[{"week_start": "2024-03-11"}])
    upload_file = SimpleUploadedFile("small-wins.json", json.dumps(document).encode())
    response = owner_client.post("/account/data/", {"file": upload_file})
    job = ImportJob.objects.get(owner=owner)
    # The task fails where support staff can see it, naming the job and the error's kind, never the file's words.
    with pytest.raises(ImportInterrupted) as stopped:
        run_import.call(job.pk)
    assert str(stopped.value).startswith(f"Import job {job.pk} stopped: RuntimeError at tests/test_import_json.py:")
    assert stopped.value.__suppress_context__
    assert not Win.all_objects.filter(owner=owner).exists()

    page = text_of(owner_client.get(response["Location"]))
    assert "Something on our side stopped this import, so nothing from the file was added." in page
