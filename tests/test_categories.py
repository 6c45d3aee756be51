"""A category suggested from the words: one keyword table (journal/categories.py) for Today and the Daylio import."""

import datetime
import uuid

import pytest

from journal import categories
from journal.categories import CATEGORY_KEYWORDS, category_for_activities, category_for_words
from journal.forms import PRESETS, EditWinForm, LogWinForm
from journal.forms_goals import GoalForm
from journal.models import Category, Win
from journal.portability import import_daylio
from tests.factories import make_win
from tests.helpers import import_file

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize(
    ("words", "category"),
    [
        ("Went for a walk", Category.BODY_HEALTH),
        ("Had breakfast before noon", Category.BODY_HEALTH),
        ("Worked out at the gym", Category.BODY_HEALTH),  # not Routine, for "work"
        ("Called my mum", Category.REACHING_OUT),
        ("Texted a friend back", Category.REACHING_OUT),
        ("Said no to extra shifts", Category.BOUNDARIES),
        ("Was kind to myself after a mistake", Category.SELF_COMPASSION),
        ("Got through a panic attack", Category.DISTRESS_TOLERANCE),
        ("Coped with the news", Category.DISTRESS_TOLERANCE),
        ("Got out of bed before ten", Category.SELF_CARE),
        ("Took a nap", Category.REST),
        ("Meditated for five minutes", Category.AWARENESS),
        ("Cried and let it out", Category.FEELINGS),
        ("Did the laundry", Category.ROUTINE),
        ("Read a chapter of my book", Category.JOY),
        ("Danced in the kitchen", Category.JOY),
        ("Planned two parties", Category.CONNECTION),
        ("Wrote a thank-you card", Category.GRATITUDE),
    ],
)
def test_the_words_of_a_win_suggest_its_category(words, category):
    assert category_for_words(words) == category


@pytest.mark.parametrize(
    ("words", "category"),
    [
        ("walked", Category.BODY_HEALTH),
        ("WALKING", Category.BODY_HEALTH),
        ("went running", Category.BODY_HEALTH),
        ("biked home", Category.BODY_HEALTH),
        ("chatted with Sam", Category.CONNECTION),
        ("cried", Category.FEELINGS),
        ("baked bread", Category.JOY),
        ("said   no", Category.BOUNDARIES),  # spaces between the words of a phrase do not matter
    ],
)
def test_a_keyword_finds_its_word_with_the_plain_endings(words, category):
    assert category_for_words(words) == category


@pytest.mark.parametrize(
    ("words", "category"),
    [
        ("Went to a funeral", Category.OTHER),  # not "fun"
        ("Tried a new restaurant", Category.OTHER),  # not "rest"
        ("I am ready now", Category.OTHER),  # not "read"
        ("Sorted the category list", Category.OTHER),  # not "cat"
        ("Planned a vacation", Category.OTHER),  # nor here
        ("Had a good breakfast", Category.BODY_HEALTH),  # a meal, not a "break"
    ],
)
def test_a_keyword_is_never_found_inside_another_word(words, category):
    assert category_for_words(words) == category


def test_other_only_when_nothing_fits():
    assert category_for_words("Made tea") == Category.OTHER
    assert category_for_words("") == Category.OTHER
    assert category_for_activities([]) == Category.OTHER


def test_every_quick_win_suggests_its_own_category_from_its_words():
    assert {preset.text: category_for_words(preset.text) for preset in PRESETS} == {
        preset.text: preset.category for preset in PRESETS
    }


def test_the_table_only_names_real_categories_and_never_other():
    assert set(CATEGORY_KEYWORDS) <= set(Category.values) - {Category.OTHER}
    assert all(keywords for keywords in CATEGORY_KEYWORDS.values())


def test_the_daylio_import_reads_the_same_table():
    assert import_daylio.category_for_activities is categories.category_for_activities
    # The first activity that fits decides, in the activities' own order.
    assert category_for_activities(["something new", "running", "friends"]) == Category.BODY_HEALTH


@pytest.mark.django_db
def test_a_daylio_entry_gets_its_category_from_the_shared_table(owner_client, owner):
    csv = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2024-03-15,March 15,Friday,20:30,good,"went running | reading",,\n'
        "2024-03-16,March 16,Saturday,20:30,good,theatre,,\n"
    )
    import_file(owner_client, csv, "daylio_export.csv")
    by_day = dict(Win.objects.filter(owner=owner).values_list("occurred_on", "category"))
    assert by_day == {datetime.date(2024, 3, 15): Category.BODY_HEALTH, datetime.date(2024, 3, 16): Category.OTHER}


# ---- The forms: "Choose for me" ----------------------------------------------------


@pytest.mark.django_db
def test_a_win_logged_without_a_category_gets_the_one_its_words_suggest(owner):
    form = LogWinForm({"text": "Went for a walk by the river", "category": ""}, owner=owner)
    assert form.is_valid(), form.errors
    assert form.save().category == Category.BODY_HEALTH


@pytest.mark.django_db
def test_a_category_chosen_by_the_person_always_wins_over_the_words(owner):
    form = LogWinForm({"text": "Went for a walk", "category": "joy"}, owner=owner)
    assert form.is_valid(), form.errors
    assert form.save().category == Category.JOY


@pytest.mark.django_db
def test_the_log_form_starts_on_choose_for_me(owner):
    form = LogWinForm(owner=owner)
    assert form["category"].value() in (None, "")
    assert '<option value="" selected>Choose for me</option>' in str(form["category"])


@pytest.mark.django_db
def test_editing_keeps_the_category_and_choose_for_me_asks_the_words_again(owner):
    win = make_win(owner, "Went for a walk", category=Category.JOY)
    form = EditWinForm(instance=win, owner=owner)
    assert '<option value="joy" selected>Joy</option>' in str(form["category"])

    form = EditWinForm({"text": "Went for a walk", "category": "joy"}, instance=win, owner=owner)
    assert form.is_valid(), form.errors
    assert form.save().category == Category.JOY

    form = EditWinForm({"text": "Called my sister", "category": ""}, instance=win, owner=owner)
    assert form.is_valid(), form.errors
    assert form.save().category == Category.REACHING_OUT


@pytest.mark.django_db
def test_a_goal_without_a_category_gets_one_from_its_words(owner):
    form = GoalForm({"text": "Drink a glass of water", "category": "", "how_often": "daily"}, owner=owner)
    assert form.is_valid(), form.errors
    assert form.save().category == Category.BODY_HEALTH


@pytest.mark.django_db
def test_today_logs_a_win_with_the_suggested_category_over_htmx_and_without(owner_client, owner):
    owner_client.post("/", {"text": "Meditated on the bus", "idempotency_key": str(uuid.uuid4())}, **HTMX)
    owner_client.post("/", {"text": "Did the dishes", "category": "", "idempotency_key": str(uuid.uuid4())})
    assert dict(Win.objects.filter(owner=owner).values_list("text", "category")) == {
        "Meditated on the bus": Category.AWARENESS,
        "Did the dishes": Category.ROUTINE,
    }
