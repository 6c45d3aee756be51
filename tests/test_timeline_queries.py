"""The week, year, look-back and report pages run a fixed, small number of queries.

Two measurements for each page:

* the page's own work (the view and its template, called directly) stays
  within six queries, whether the owner has 10 wins or 10,000;
* the whole request through every middleware (session, user, the occasional
  activity refresh excluded) also stays within six, and the count with 10,000
  wins is exactly the count with 10.
"""

import datetime
import random

import pytest
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_htmx.middleware import HtmxDetails

from journal import weeks
from journal.models import Category, Mood, Reflection, Win
from journal.views import looking_back, report, week, year
from tests.factories import make_win

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 6


def fill_journal(owner, count: int, *, seed: int = 4) -> None:
    """`count` wins spread over the three years up to today, made in one bulk insert."""
    rng = random.Random(seed)  # noqa: S311 (repeatable test data, not secrets)
    today = owner.local_today()
    categories = list(Category.values)
    Win.objects.bulk_create(
        [
            Win(
                owner=owner,
                text=f"Small win number {n}",
                category=rng.choice(categories),
                mood=rng.choice([None, *Mood.values]),
                hard_day=rng.random() < 0.1,
                occurred_on=today - datetime.timedelta(days=rng.randrange(3 * 365)),
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    Reflection.objects.get_or_create(owner=owner, week_start=weeks.week_start(today, owner.week_starts_on))


def call_view(owner, view, path: str, **kwargs):
    """The view and its template on their own, without the middleware's session and activity queries."""
    request = RequestFactory().get(path)
    request.user = owner
    request.session = SessionStore()
    request._messages = SessionStorage(request)
    request.htmx = HtmxDetails(request)
    response = view(request, **kwargs)
    assert response.status_code == 200
    return response


def page_views(owner):
    today = owner.local_today()
    return [
        (week.week, "/week/", {}),
        (week.week_of, "/week/", {"day": weeks.week_start(today, owner.week_starts_on).isoformat()}),
        (year.year, f"/year/{today.year}/", {"year": today.year}),
        (looking_back.look_back, "/look-back/", {}),
        (looking_back.look_back, "/look-back/?critic=I+never+ask+for+help", {}),
        (report.report, "/report/", {}),
    ]


@pytest.mark.parametrize("wins", [10, 10_000])
def test_each_page_needs_at_most_six_queries(owner, django_assert_max_num_queries, wins):
    fill_journal(owner, wins)
    for view, path, kwargs in page_views(owner):
        with django_assert_max_num_queries(PAGE_BUDGET):
            call_view(owner, view, path, **kwargs)


def test_the_whole_request_costs_the_same_with_10_or_10000_wins(owner, owner_client):
    today = owner.local_today()
    start = weeks.week_start(today, owner.week_starts_on)
    urls = [
        "/week/",
        f"/week/{start.isoformat()}/",
        f"/year/{today.year}/",
        "/look-back/",
        "/look-back/?critic=I+never+ask+for+help",
        "/report/",
    ]
    make_win(owner, "Warm-up")
    owner_client.get("/week/")  # the first request after logging in refreshes the session's activity

    def counts():
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert owner_client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    fill_journal(owner, 9)
    few = counts()
    assert max(few.values()) <= PAGE_BUDGET, few
    fill_journal(owner, 9_990, seed=5)
    assert Win.objects.filter(owner=owner).count() == 10_000
    assert counts() == few


def test_the_year_page_counts_in_one_grouped_query(owner, django_assert_num_queries):
    fill_journal(owner, 500)
    today = owner.local_today()
    with django_assert_num_queries(1) as captured:
        call_view(owner, year.year, f"/year/{today.year}/", year=today.year)
    sql = captured.captured_queries[0]["sql"]
    assert "GROUP BY" in sql and "COUNT(" in sql
