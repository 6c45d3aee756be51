import datetime
import uuid

import pytest

from journal.forms import PRESETS, EditWinForm, LogWinForm, QuickWinForm, WinFilterForm
from journal.models import Category, Mood, Win
from tests.factories import make_win

pytestmark = pytest.mark.django_db


def test_the_log_form_names_its_fields_as_people_read_them(owner):
    form = LogWinForm(owner=owner)
    assert form["text"].label == "Today I…"
    assert form["hard_day"].label == "Hard day — and I kept going"
    assert form["shared_with_allies"].label == "Share with my allies"
    assert [label for _, label in form.fields["mood"].choices] == [
        "very low",
        "low",
        "okay",
        "good",
        "very good",
        "Prefer not to say",
    ]
    assert form.fields["category"].choices[0] == ("", "Choose for me")


def test_each_unbound_log_form_carries_a_fresh_key_and_todays_date(owner):
    first, second = LogWinForm(owner=owner), LogWinForm(owner=owner)
    assert isinstance(first["idempotency_key"].initial, uuid.UUID)
    assert first["idempotency_key"].initial != second["idempotency_key"].initial
    assert first["occurred_on"].initial == owner.local_today()
    assert first.fields["occurred_on"].widget.attrs["max"] == owner.local_today().isoformat()


def test_a_valid_log_form_saves_a_trimmed_win(owner):
    form = LogWinForm(
        {"text": "  Asked for help  ", "category": "reaching-out", "mood": "2", "hard_day": "on"}, owner=owner
    )
    assert form.is_valid(), form.errors
    win = form.save()
    assert (win.owner, win.text, win.category, win.mood, win.hard_day) == (
        owner,
        "Asked for help",
        "reaching-out",
        Mood.LOW,
        True,
    )


def test_the_same_token_twice_through_the_form_is_one_win(owner):
    key = str(uuid.uuid4())
    wins = []
    for _ in range(2):
        form = LogWinForm({"text": "Drank water", "idempotency_key": key}, owner=owner)
        assert form.is_valid()
        wins.append(form.save())
    assert wins[0] == wins[1]
    assert Win.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": ""}, "text", "Write a few words about your win. Even “got up” counts."),
        ({"text": "    "}, "text", "Write a few words about your win. Even “got up” counts."),
        ({"text": "é" * 501}, "text", "That's a little long: please keep it to 500 characters (it has 501)."),
        ({"text": "ok", "category": "naps"}, "category", "Please choose one of the categories in the list."),
        ({"text": "ok", "mood": "6"}, "mood", "Please choose one of the moods in the list, or leave it out."),
        (
            {"text": "ok", "occurred_on": "2025-02-30"},
            "occurred_on",
            "That doesn't look like a date. Try one like 2025-03-14.",
        ),
        (
            {"text": "ok", "occurred_on": "tomorrow"},
            "occurred_on",
            "That doesn't look like a date. Try one like 2025-03-14.",
        ),
    ],
)
def test_every_rule_has_a_kind_message(owner, data, field, message):
    form = LogWinForm(data, owner=owner)
    assert not form.is_valid()
    assert form.errors[field] == [message]
    assert len(form.errors) == 1


def test_a_future_date_is_refused(owner):
    tomorrow = owner.local_today() + datetime.timedelta(days=1)
    form = LogWinForm({"text": "ok", "occurred_on": tomorrow.isoformat()}, owner=owner)
    assert not form.is_valid()
    assert form.errors["occurred_on"] == ["That day hasn't happened yet. Pick today or an earlier day."]
    assert form.shows_another_day


def test_exactly_500_characters_and_any_past_date_are_fine(owner):
    form = LogWinForm({"text": "x" * 500, "occurred_on": "1990-06-15"}, owner=owner)
    assert form.is_valid(), form.errors
    assert form.save().occurred_on == datetime.date(1990, 6, 15)


def test_missing_choices_fall_back_gently(owner):
    form = LogWinForm({"text": "Made tea"}, owner=owner)
    assert form.is_valid()
    win = form.save()
    assert (win.category, win.mood, win.occurred_on, win.idempotency_key) == (
        Category.OTHER,
        None,
        owner.local_today(),
        None,
    )


def test_another_day_opens_only_for_a_different_day_or_a_problem(owner):
    today = owner.local_today().isoformat()
    assert not LogWinForm(owner=owner).shows_another_day
    assert not LogWinForm({"text": "x", "occurred_on": today}, owner=owner).shows_another_day
    assert LogWinForm({"text": "x", "occurred_on": "2020-01-01"}, owner=owner).shows_another_day


def test_the_edit_form_keeps_the_day_when_left_empty_and_has_its_own_ids(owner):
    win = make_win(owner, "Rested", occurred_on=datetime.date(2024, 5, 1))
    form = EditWinForm({"text": "Rested well", "category": "rest", "occurred_on": ""}, instance=win, owner=owner)
    assert form.is_valid(), form.errors
    assert form.save().occurred_on == datetime.date(2024, 5, 1)
    assert f'id="win-{win.code}-text"' in str(form["text"])
    assert form["text"].label == "On Wednesday 1 May 2024 I…"


def test_a_preset_logs_its_own_words_and_category(owner):
    preset = next(p for p in PRESETS if p.text == "Said no to something draining")
    form = QuickWinForm({"preset": preset.slug, "idempotency_key": str(uuid.uuid4())}, owner=owner)
    assert form.is_valid()
    win = form.save()
    assert (win.text, win.category) == ("Said no to something draining", Category.BOUNDARIES)


def test_the_presets_cover_the_seeds_examples():
    texts = {preset.text for preset in PRESETS}
    assert texts >= {
        "Got out of bed",
        "Ate something",
        "Drank water",
        "Took my medication",
        "Stepped outside",
        "Replied to a message",
        "Asked for help",
        "Said no to something draining",
        "Rested without guilt",
        "Noticed a trigger early",
    }
    assert all(preset.category in Category.values for preset in PRESETS)


def test_an_unknown_preset_is_refused():
    assert not QuickWinForm({"preset": "ran-a-marathon"}, owner=None).is_valid()


def test_the_filter_form_sets_aside_what_it_cannot_read_and_keeps_the_rest(owner):
    make_win(owner, "Rested", category=Category.REST, occurred_on=datetime.date(2025, 1, 2))
    make_win(owner, "Walked", category=Category.BODY_HEALTH, occurred_on=datetime.date(2025, 1, 3))
    form = WinFilterForm({"category": "rest", "date_from": "2025-99-01", "mood": "x"})
    assert [win.text for win in form.apply(Win.objects.all())] == ["Rested"]
    assert form.notes == [
        "We don't know that mood, so it is left out.",
        "The “From” date didn't look like a date, so it is left out.",
    ]
    assert form.is_filtering


def test_an_empty_filter_form_shows_everything():
    form = WinFilterForm({})
    assert form.notes == [] and not form.is_filtering
