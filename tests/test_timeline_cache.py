"""The week and year pages keep their drawing in the "pages" cache, and never show a change late.

The key is the person's journal_version, which database triggers move on every
change to their wins, reflections and allies' notes (journal migrations 0003, 0004). These tests change wins every way
the code can, including ways no Django signal sees, and look at the page again.
"""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client

from accounts.models import User
from allies.models import AllyNote
from journal import weeks
from journal.forms_timeline import writer_token
from journal.models import Reflection, Win
from tests.factories import make_ally_link, make_ally_note, make_user, make_win
from tests.helpers import at, day_section

pytestmark = pytest.mark.django_db


def version(user: User) -> int:
    return User.objects.values_list("journal_version", flat=True).get(pk=user.pk)


def test_every_kind_of_change_to_a_win_moves_its_owners_version_and_no_one_elses(owner, ally):
    theirs = version(ally)
    steps = [
        lambda: make_win(owner, "Made tea"),
        lambda: Win.objects.filter(owner=owner).update(text="Made green tea"),
        lambda: Win.objects.bulk_create(
            [Win(owner=owner, text=f"Bulk {n}", occurred_on=owner.local_today()) for n in range(3)]
        ),
        lambda: Win.objects.filter(owner=owner, text="Bulk 0").first().soft_delete(),
        lambda: Win.all_objects.filter(owner=owner, text="Bulk 1").delete(),
    ]
    for step in steps:
        before = version(owner)
        step()
        assert version(owner) > before
    assert version(ally) == theirs


def test_raw_sql_moves_the_version_too(owner):
    win = make_win(owner, "Walked to the shop")
    before = version(owner)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE journal_win SET text = %s WHERE id = %s", ["Walked to the park", win.pk])
    assert version(owner) > before


def test_a_stale_copy_of_the_person_saved_later_does_not_move_the_version_back(owner):
    stale = User.objects.get(pk=owner.pk)
    make_win(owner, "Rested without guilt")
    moved = version(owner)
    stale.display_name = "Alice again"
    stale.save()
    assert version(owner) == moved
    assert User.objects.get(pk=owner.pk).display_name == "Alice again"


def test_a_second_visit_to_the_week_uses_the_kept_drawing(owner_client, owner, django_assert_num_queries):
    make_win(owner, "Stretched for five minutes")
    first = owner_client.get("/week/")
    # The session and the user, nothing of the journal.
    with django_assert_num_queries(2):
        second = owner_client.get("/week/")
    assert "Stretched for five minutes" in second.content.decode()
    assert (
        first.content.decode().split('id="summary-heading"')[1].split('id="reflection"')[0]
        == (second.content.decode().split('id="summary-heading"')[1].split('id="reflection"')[0])
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda win: Win.objects.filter(pk=win.pk).update(text="Cooked a real dinner"), id="update"),
        pytest.param(lambda win: win.soft_delete(), id="soft-delete"),
        pytest.param(lambda win: Win.objects.filter(pk=win.pk).update(shared_with_allies=True), id="share"),
        pytest.param(lambda win: make_win(win.owner, "Called my sister"), id="new-win"),
    ],
)
def test_the_week_shows_a_change_at_once_however_it_was_made(owner_client, owner, change):
    win = make_win(owner, "Cooked dinner")
    before = owner_client.get("/week/").content.decode()
    assert "Cooked dinner" in before
    assert "Stop sharing" not in before

    change(win)
    after = owner_client.get("/week/").content.decode()

    assert after != before
    shown = {
        "update": "Cooked a real dinner" in after and "Cooked dinner<" not in after,
        "soft-delete": "Cooked dinner" not in after and "No wins logged this week" in after,
        "share": "Stop sharing" in after,
        "new-win": "Called my sister" in after and "Cooked dinner" in after,
    }
    assert any(shown.values())


def test_changes_made_through_the_pages_show_on_the_next_visit(owner_client, owner):
    owner_client.get("/week/")
    owner_client.post("/", {"text": "Answered one email", "category": "self-care"})
    page = owner_client.get("/week/").content.decode()
    assert "Answered one email" in page

    win = Win.objects.get(owner=owner, text="Answered one email")
    owner_client.post(f"/allies/share/{win.code}/", {"share": "on", "next": "/week/"})
    assert "Stop sharing" in owner_client.get("/week/").content.decode()

    owner_client.post(f"/wins/{win.code}/delete/")
    assert "Answered one email" not in owner_client.get("/week/").content.decode()


def test_two_people_never_see_each_others_kept_week(client, owner, ally):
    make_win(owner, "Alice private win")
    make_win(ally, "Bob private win")
    # Same week, same version number: only the person tells the drawings apart.
    User.objects.filter(pk__in=[owner.pk, ally.pk]).update(journal_version=7)

    client.force_login(owner)
    assert "Alice private win" in client.get("/week/").content.decode()
    client.force_login(ally)
    bobs = client.get("/week/").content.decode()
    assert "Bob private win" in bobs
    assert "Alice private win" not in bobs


def test_an_allys_view_never_comes_from_the_owners_kept_week(client, owner, ally):
    link = make_ally_link(owner, ally)
    make_win(owner, "Not shared with anyone")
    client.force_login(owner)
    client.get("/week/")
    client.force_login(ally)
    assert "Not shared with anyone" not in client.get(f"/allies/{link.code}/").content.decode()


def test_the_today_badge_moves_when_the_day_does(owner_client, owner):
    monday = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    with at(monday):
        page = owner_client.get("/week/").content.decode()
        assert "today-badge" in day_section(page, "2026-03-02")
    with at(monday + datetime.timedelta(days=1)):
        page = owner_client.get("/week/").content.decode()
        assert "today-badge" not in day_section(page, "2026-03-02")
        assert "today-badge" in day_section(page, "2026-03-03")


def test_the_year_shows_a_new_win_at_once_and_follows_the_week_start(owner_client, owner):
    year = owner.local_today().year
    day = owner.local_today().isoformat()
    assert 'data-level="0"' in owner_client.get(f"/year/{year}/").content.decode().split(f"year-day-{day}")[1][:40]
    make_win(owner, "Took my meds")
    page = owner_client.get(f"/year/{year}/").content.decode()
    assert 'data-level="1"' in page.split(f"year-day-{day}")[1][:40]
    assert "Took my meds" not in page

    january = page.split('id="month-1-heading"')[1].split("</section>")[0]
    owner.week_starts_on = User.WeekStart.SUNDAY
    owner.save()
    sunday_start = owner_client.get(f"/year/{year}/").content.decode()
    assert sunday_start.split('id="month-1-heading"')[1].split("</section>")[0] != january


def test_the_cache_holds_nothing_for_a_visitor(client):
    client.get("/week/")
    client.get("/year/2026/")
    assert not caches["pages"]._cache


def test_a_new_person_gets_a_fresh_drawing_even_with_a_reused_version(client):
    person = make_user()
    client.force_login(person)
    assert "No wins logged this week" in client.get("/week/").content.decode()
    make_win(person, "First ever win")
    assert "First ever win" in client.get("/week/").content.decode()


def test_a_saved_reflection_shows_at_once(owner_client, owner):
    owner_client.get("/week/")
    week_start = owner_client.get("/week/").content.decode().split('action="/week/')[1].split("/")[0]
    owner_client.post(f"/week/{week_start}/", {"what_helped": "I asked for help on Tuesday"})
    assert "I asked for help on Tuesday" in owner_client.get("/week/").content.decode()


def test_an_allys_note_shows_hides_and_goes_at_once_and_follows_the_allys_name(owner_client, owner, ally):
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start
    owner_client.get("/week/")
    note = make_ally_note(owner, ally, "You laughed more this week", week_start=week_start)
    page = owner_client.get("/week/").content.decode()
    assert "You laughed more this week" in page
    assert ally.name in page

    User.objects.filter(pk=ally.pk).update(display_name="Robert")
    assert "Robert" in owner_client.get("/week/").content.decode()

    AllyNote.objects.filter(pk=note.pk).update(hidden=True)
    assert "You laughed more this week" not in owner_client.get("/week/").content.decode()
    AllyNote.objects.filter(pk=note.pk).delete()
    assert "Nothing from your allies for this week yet." in owner_client.get("/week/").content.decode()


def test_a_reflection_sent_back_with_a_message_is_drawn_for_that_answer_only(owner_client, owner):
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start.isoformat()
    owner_client.get("/week/")
    too_long = "x" * 5001
    answer = owner_client.post(f"/week/{week_start}/", {"what_helped": too_long}).content.decode()
    assert too_long in answer
    assert 'aria-invalid="true"' in answer
    assert too_long not in owner_client.get("/week/").content.decode()


def test_the_reflection_form_posts_with_its_csrf_token_from_outside_the_kept_drawing(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start.isoformat()
    client.get("/week/")
    page = client.get("/week/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)" form="reflection-form"', page).group(1)
    assert 'id="reflection-form"' in page
    response = client.post(f"/week/{week_start}/", {"what_helped": "Slept well", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Reflection.objects.get(owner=owner).what_helped == "Slept well"


def test_a_draft_kept_while_logged_out_shows_at_once_after_logging_in(client, owner):
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start.isoformat()
    client.force_login(owner)
    client.get("/week/")  # the drawing from before is kept
    client.logout()
    token = writer_token(owner, datetime.date.fromisoformat(week_start))
    client.post(f"/week/{week_start}/", {"what_helped": "Kept for later", "writer": token})
    client.force_login(owner)
    assert "Kept for later" in client.get("/week/").content.decode()


def test_a_version_given_out_in_a_rolled_back_transaction_is_never_given_again(owner):
    before = version(owner)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_win(owner, "Never committed")
        rolled_back = version(owner)
        raise RuntimeError
    assert version(owner) == before
    make_win(owner, "Committed")
    assert version(owner) not in (before, rolled_back)


def test_a_page_drawn_inside_a_rolled_back_transaction_never_shows_later(owner_client, owner):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_win(owner, "Rolled back win")
        assert "Rolled back win" in owner_client.get("/week/").content.decode()
        raise RuntimeError
    make_win(owner, "Real win")
    page = owner_client.get("/week/").content.decode()
    assert "Real win" in page
    assert "Rolled back win" not in page
