import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from journal.models import Category, Mood, Win
from tests.factories import make_user, make_win

pytestmark = pytest.mark.django_db


def test_a_win_gets_a_random_code_and_the_owners_today(owner):
    win = make_win(owner)
    assert isinstance(win.code, uuid.UUID)
    assert win.code != make_win(owner).code
    assert win.occurred_on == owner.local_today()


def test_text_is_trimmed_when_saved(owner):
    assert make_win(owner, "  Drank water \n").text == "Drank water"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_or_whitespace_text_is_refused_kindly(owner, text):
    win = Win(owner=owner, text=text, occurred_on=owner.local_today())
    with pytest.raises(ValidationError) as error:
        win.full_clean()
    assert error.value.message_dict["text"] == ["Write a few words about your win. Even “got up” counts."]


def test_text_may_be_1_to_500_characters(owner):
    Win(owner=owner, text="x", occurred_on=owner.local_today()).full_clean()
    Win(owner=owner, text="x" * 500, occurred_on=owner.local_today()).full_clean()
    with pytest.raises(ValidationError) as error:
        Win(owner=owner, text="x" * 501, occurred_on=owner.local_today()).full_clean()
    assert "text" in error.value.message_dict


def test_any_past_day_is_fine_and_a_future_one_is_refused(owner):
    today = owner.local_today()
    Win(owner=owner, text="Long ago", occurred_on=datetime.date(1999, 1, 1)).full_clean()
    Win(owner=owner, text="Today", occurred_on=today).full_clean()
    with pytest.raises(ValidationError) as error:
        Win(owner=owner, text="Tomorrow", occurred_on=today + datetime.timedelta(days=1)).full_clean()
    assert error.value.message_dict["occurred_on"] == ["That day hasn't happened yet. Pick today or an earlier day."]


def test_the_future_is_judged_in_the_owners_own_time_zone(owner, stranger):
    owner.timezone, stranger.timezone = "Pacific/Kiritimati", "Pacific/Pago_Pago"  # UTC+14 and UTC-11
    ahead = owner.local_today()
    Win(owner=owner, text="Already today there", occurred_on=ahead).full_clean()
    if stranger.local_today() < ahead:
        with pytest.raises(ValidationError):
            Win(owner=stranger, text="Not yet here", occurred_on=ahead).full_clean()


def test_unknown_category_or_mood_is_refused(owner):
    with pytest.raises(ValidationError) as error:
        Win(owner=owner, text="x", category="nap", mood=9, occurred_on=owner.local_today()).full_clean()
    assert set(error.value.message_dict) == {"category", "mood"}


def test_mood_is_shown_in_words(owner):
    assert [label for _, label in Mood.choices] == ["very low", "low", "okay", "good", "very good"]
    assert make_win(owner, mood=Mood.VERY_LOW).mood_words == "very low"
    assert make_win(owner).mood_words == ""


def test_the_categories_are_the_ones_people_asked_for():
    assert [label for _, label in Category.choices] == [
        "Rest",
        "Boundaries",
        "Self-compassion",
        "Self-care",
        "Reaching out",
        "Awareness",
        "Feelings",
        "Distress tolerance",
        "Routine",
        "Body & health",
        "Connection",
        "Joy",
        "Gratitude",
        "Other",
    ]


def test_sharing_with_allies_is_off_unless_chosen(owner):
    assert make_win(owner).shared_with_allies is False


def test_the_same_idempotency_key_twice_logs_one_win(owner):
    key = uuid.uuid4()
    first, created = Win.log(owner=owner, idempotency_key=key, text="Drank water", occurred_on=owner.local_today())
    again, created_again = Win.log(
        owner=owner, idempotency_key=key, text="Drank water", occurred_on=owner.local_today()
    )
    assert (created, created_again) == (True, False)
    assert again == first
    assert Win.objects.count() == 1


def test_idempotency_keys_are_per_owner(owner, stranger):
    key = uuid.uuid4()
    Win.log(owner=owner, idempotency_key=key, text="Mine", occurred_on=owner.local_today())
    Win.log(owner=stranger, idempotency_key=key, text="Theirs", occurred_on=stranger.local_today())
    assert Win.objects.count() == 2


def test_the_database_refuses_a_second_win_with_the_same_key(owner):
    key = uuid.uuid4()
    make_win(owner, idempotency_key=key)
    with pytest.raises(IntegrityError):
        make_win(owner, idempotency_key=key)


def test_a_re_sent_form_never_brings_back_a_deleted_win(owner):
    key = uuid.uuid4()
    win, _ = Win.log(owner=owner, idempotency_key=key, text="Oops", occurred_on=owner.local_today())
    win.soft_delete()
    again, created = Win.log(owner=owner, idempotency_key=key, text="Oops", occurred_on=owner.local_today())
    assert (again.pk, created) == (win.pk, False)
    assert not Win.objects.exists()


def test_a_repeated_key_inside_a_transaction_leaves_the_transaction_usable(owner):
    key = uuid.uuid4()
    with transaction.atomic():
        Win.log(owner=owner, idempotency_key=key, text="Made the bed", occurred_on=owner.local_today())
        _, created = Win.log(owner=owner, idempotency_key=key, text="Made the bed", occurred_on=owner.local_today())
        Win.log(owner=owner, text="Opened a window", occurred_on=owner.local_today())
    assert created is False
    assert Win.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_fresh_key_outside_a_transaction_costs_one_round_trip_and_a_repeat_two(django_assert_num_queries):
    owner = make_user()
    key = uuid.uuid4()
    with django_assert_num_queries(1):
        first, _ = Win.log(owner=owner, idempotency_key=key, text="Ate lunch", occurred_on=owner.local_today())
    with django_assert_num_queries(2):
        again, created = Win.log(owner=owner, idempotency_key=key, text="Ate lunch", occurred_on=owner.local_today())
    assert (again.pk, created) == (first.pk, False)
    assert Win.objects.count() == 1


def test_without_a_key_every_log_is_a_new_win(owner):
    for _ in range(2):
        Win.log(owner=owner, text="Drank water", occurred_on=owner.local_today())
    assert Win.objects.count() == 2


def test_soft_delete_hides_a_win_everywhere_but_undo_and_the_purge(owner):
    win = make_win(owner)
    win.soft_delete()
    assert win.is_deleted
    assert not Win.objects.exists()
    assert not owner.wins.exists()  # related managers hide it too
    assert Win.all_objects.get(pk=win.pk).deleted_at is not None


def test_restore_brings_the_win_back_exactly(owner):
    win = make_win(owner, "Apologised", mood=Mood.GOOD, hard_day=True)
    before = Win.all_objects.values().get(pk=win.pk)
    win.soft_delete()
    win.restore()
    assert Win.objects.values().get(pk=win.pk) == before


def test_purge_removes_only_wins_deleted_longer_ago_than_the_grace_period(owner):
    old, recent, live = make_win(owner, "Old"), make_win(owner, "Recent"), make_win(owner, "Live")
    Win.all_objects.filter(pk=old.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=31))
    recent.soft_delete()
    assert Win.purge_deleted(older_than=datetime.timedelta(days=30)) == 1
    assert set(Win.all_objects.values_list("text", flat=True)) == {"Recent", "Live"}
    assert list(Win.objects.all()) == [live]


def test_days_shown_up_counts_days_not_wins(owner, stranger):
    first = datetime.date(2025, 3, 1)
    for day in (1, 1, 1, 5, 31):
        make_win(owner, occurred_on=first.replace(day=day))
    make_win(owner, occurred_on=datetime.date(2025, 4, 1))
    make_win(stranger, occurred_on=first.replace(day=9))
    make_win(owner, occurred_on=first.replace(day=20)).soft_delete()
    mine = Win.objects.owned_by(owner)
    assert mine.days_shown_up(first, datetime.date(2025, 3, 31)) == 3
    assert Win.objects.owned_by(stranger).days_shown_up(first, datetime.date(2025, 3, 31)) == 1
