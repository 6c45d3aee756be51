"""seed_bulk (the bench app's command) fills the database with realistic, repeatable journals for the benchmark."""

import datetime
import io
import itertools

import pytest
from django.core.management import call_command

from accounts.models import User
from allies.models import AllyLink, AllyNote, Scope
from bench.seeding.people import ALLY_EMAIL, HEAVY_EMAIL, NEW_EMAIL, PASSWORD
from journal.models import Category, Mood, Reflection, Win
from tests.factories import make_user, make_win

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bench_app")]

UNTIL = datetime.date(2026, 3, 31)


def seed(**options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = {"users": 6, "years": 0.5, "seed": 3, "until": UNTIL, **options}
    call_command("seed_bulk", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Win.all_objects.order_by("code").values_list(
            "owner__email", "code", "text", "category", "mood", "hard_day", "occurred_on", "created_at"
        )
    )


def test_it_makes_the_three_named_people_and_the_bulk_people():
    out, _ = seed()
    emails = set(User.objects.values_list("email", flat=True))
    assert {HEAVY_EMAIL, NEW_EMAIL, ALLY_EMAIL} <= emails
    assert sum(email.endswith("@bulk.example") for email in emails) == 6
    assert PASSWORD in out


def test_the_heavy_person_has_five_years_of_several_wins_a_day():
    seed(heavy_wins_per_day=4)
    wins = Win.objects.filter(owner__email=HEAVY_EMAIL)
    days = set(wins.values_list("occurred_on", flat=True))
    assert min(days) <= UNTIL - datetime.timedelta(days=5 * 365)
    assert max(days) == UNTIL
    assert 3 <= wins.count() / len(days) <= 5


def test_the_new_person_has_a_few_wins_from_the_last_three_days():
    seed()
    days = list(Win.objects.filter(owner__email=NEW_EMAIL).values_list("occurred_on", flat=True))
    assert 3 <= len(days) <= 12
    assert min(days) >= UNTIL - datetime.timedelta(days=2)


def test_the_ally_sees_the_heavy_persons_shared_wins_and_writes_notes():
    seed()
    link = AllyLink.objects.get(owner__email=HEAVY_EMAIL, ally__email=ALLY_EMAIL)
    assert link.scope == Scope.SHARED_WINS
    notes = AllyNote.objects.filter(owner__email=HEAVY_EMAIL, author__email=ALLY_EMAIL)
    assert notes.count() > 50
    assert not any(note.was_edited for note in notes)
    assert Win.objects.filter(owner__email=HEAVY_EMAIL, shared_with_allies=True).exists()


def test_wins_use_the_real_categories_and_moods_with_hard_days():
    seed()
    assert set(Win.objects.values_list("category", flat=True)) == set(Category.values)
    assert set(Win.objects.values_list("mood", flat=True)) == {*Mood.values, None}
    assert Win.objects.filter(hard_day=True).exists()
    assert not Win.all_objects.filter(deleted_at__isnull=False).exists()
    assert not Win.all_objects.filter(idempotency_key__isnull=False).exists()


def test_every_win_was_written_on_its_day_in_its_owners_time_zone():
    seed(users=3)
    for win in Win.objects.select_related("owner").iterator():
        assert win.created_at.astimezone(win.owner.tzinfo).date() == win.occurred_on
        assert win.updated_at == win.created_at


def test_journals_have_gaps_and_weekly_reflections():
    seed()
    person = User.objects.filter(email__endswith="@bulk.example").first()
    days = set(Win.objects.filter(owner=person).values_list("occurred_on", flat=True))
    assert len(days) < (max(days) - min(days)).days + 1
    assert Reflection.objects.filter(owner__email=HEAVY_EMAIL).count() > 100


def test_the_same_seed_gives_the_same_journals_and_a_second_run_replaces_the_first():
    someone = make_user("someone@example.com")
    make_win(someone, "Kept my own journal")
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first
    assert Win.objects.filter(owner=someone).count() == 1


def test_another_seed_gives_other_journals():
    seed()
    first = snapshot()
    seed(seed=4)
    assert snapshot() != first


def test_the_progress_bar_goes_to_stderr():
    _, err = seed()
    assert "100%" in err
    assert "wins/s" in err


def test_everyones_wins_are_stored_in_the_order_they_were_written():
    # As in a real database: one person's wins end up scattered between everyone else's.
    seed()
    written = list(Win.all_objects.order_by("pk").values_list("created_at", "owner_id", "occurred_on"))
    assert [row[0] for row in written] == sorted(row[0] for row in written)
    last_month = [owner for _when, owner, day in written if day > UNTIL - datetime.timedelta(days=30)]
    same_owner_twice = sum(1 for a, b in itertools.pairwise(last_month) if a == b)
    assert same_owner_twice < len(last_month) / 2


def test_the_printed_password_logs_the_heavy_person_in(client):
    seed(users=0)
    response = client.post("/accounts/login/", {"login": HEAVY_EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].email == HEAVY_EMAIL


def index_definitions() -> set[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'journal_win'")
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'journal_win'::regclass"
        )
        return indexes | set(cursor.fetchall())


def test_a_big_load_rebuilds_every_index_and_constraint_it_set_aside():
    before = index_definitions()
    out, _ = seed()
    assert "set aside" in out
    assert index_definitions() == before


def test_keeping_the_indexes_gives_the_same_journals():
    seed()
    rebuilt = snapshot()
    out, _ = seed(keep_indexes=True)
    assert "set aside" not in out
    assert snapshot() == rebuilt
