"""The report stays small past REPORT_MAX_WINS wins: each week summed up in words, and the page says so.

The attack: a year's report for a journal of 100,000 wins took 10.9 s and 30 MB of HTML.
"""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.models import Category, Reflection, Win
from journal.views import report

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC)  # a Wednesday
RANGE = {"from": "2026-03-02", "to": "2026-03-15"}  # two Monday-start weeks


@pytest.fixture
def on_18_march():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def add_wins(owner, per_day: dict[str, int], hard_on: tuple[str, ...] = ()) -> None:
    Win.objects.bulk_create(
        Win(owner=owner, text=f"Win {n} on {day}", occurred_on=day, category=Category.REST, hard_day=day in hard_on)
        for day, count in per_day.items()
        for n in range(count)
    )


def test_a_report_within_the_limit_lists_every_win(owner_client, owner, on_18_march, monkeypatch):
    monkeypatch.setattr(report, "REPORT_MAX_WINS", 5)
    add_wins(owner, {"2026-03-03": 3, "2026-03-10": 2})
    html = owner_client.get("/report/", RANGE).content.decode()
    assert html.count("Win 0 on") == 2 and "Win 2 on 2026-03-03" in html
    assert 'data-testid="report-summarised"' not in html


def test_a_report_past_the_limit_sums_up_each_week_and_says_so(owner_client, owner, on_18_march, monkeypatch):
    monkeypatch.setattr(report, "REPORT_MAX_WINS", 5)
    add_wins(owner, {"2026-03-03": 3, "2026-03-04": 1, "2026-03-10": 2}, hard_on=("2026-03-04",))
    Reflection.objects.create(owner=owner, week_start="2026-03-02", what_helped="Tea with Sam")

    html = owner_client.get("/report/", RANGE).content.decode()

    assert "Win 0 on" not in html
    notice = re.search(r'data-testid="report-summarised">(.*?)</p>', html, re.S).group(1)
    assert "These dates hold 6 wins, more than the 5 a report lists one by one" in notice
    assert "Choose a shorter range to see every win." in notice
    first = re.search(r'data-testid="report-week-2026-03-02">(.*?)</section>', html, re.S).group(1)
    assert "4 wins on 2 days, 1 hard day you kept going through." in first
    assert "Tea with Sam" in first  # reflections are always there in full
    second = re.search(r'data-testid="report-week-2026-03-09">(.*?)</section>', html, re.S).group(1)
    assert "2 wins on 1 day." in second
    summary = re.search(r'data-testid="report-summary">(.*?)</section>', html, re.S).group(1)
    assert "<dt>Wins</dt><dd>6</dd>" in summary
    assert "<dt>Days you showed up</dt><dd>3</dd>" in summary
    assert "<dt>Hard days you kept going through</dt><dd>1</dd>" in summary
    assert '<th scope="row">Rest</th><td>6</td>' in summary


def test_a_heavy_years_report_is_summed_up_with_the_same_few_queries(owner_client, owner, on_18_march):
    # A year of five wins a day, well past the 1,000 a report lists.
    first = datetime.date(2025, 3, 19)
    add_wins(owner, {str(first + datetime.timedelta(days=n)): 5 for n in range(365)})
    owner_client.get("/report/")  # the first request after logging in refreshes the session's activity
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.get("/report/", {"from": "2025-03-19", "to": "2026-03-18"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "These dates hold 1825 wins, more than the 1000 a report lists one by one" in html
    assert len(queries) <= 8
    assert len(response.content) < 200_000
