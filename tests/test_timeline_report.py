"""The printable report: /report/?from=YYYY-MM-DD&to=YYYY-MM-DD."""

import datetime
import re
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.staticfiles import finders

from journal.models import Category, Reflection
from tests.factories import make_win

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC)  # a Wednesday


@pytest.fixture
def on_18_march():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def test_visitor_is_sent_to_log_in(client):
    response = client.get("/report/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/report/")


def test_the_report_defaults_to_the_last_four_weeks(owner_client, owner, on_18_march):
    make_win(owner, "Inside: first day", occurred_on="2026-02-23")
    make_win(owner, "Inside: today", occurred_on="2026-03-18", category=Category.REST, hard_day=True)
    make_win(owner, "Outside: the week before", occurred_on="2026-02-22")

    html = owner_client.get("/report/").content.decode()

    assert "Small wins from 23 February 2026 to 18 March 2026" in html
    assert "Inside: first day" in html and "Inside: today" in html
    assert "Outside" not in html
    assert 'value="2026-02-23"' in html and 'value="2026-03-18"' in html
    summary = re.search(r'data-testid="report-summary">(.*?)</section>', html, re.S).group(1)
    assert "<dt>Wins</dt><dd>2</dd>" in summary
    assert "<dt>Hard days you kept going through</dt><dd>1</dd>" in summary
    assert '<th scope="row">Rest</th><td>1</td>' in summary


def test_the_report_shows_wins_and_reflections_week_by_week(owner_client, owner, on_18_march):
    make_win(owner, "Called the GP", occurred_on="2026-01-06", category=Category.BODY_HEALTH)
    Reflection.objects.create(
        owner=owner, week_start="2026-01-05", what_helped="Walking\nthe dog", proud=True, five_wins="Many"
    )
    Reflection.objects.create(owner=owner, week_start="2026-03-02", what_helped="Outside the range")

    html = owner_client.get("/report/", {"from": "2026-01-01", "to": "2026-01-31"}).content.decode()

    week = re.search(r'data-testid="report-week-2026-01-05">(.*?)</section>', html, re.S).group(1)
    assert "Week of 5 January 2026" in week
    assert "Tuesday 6 January" in week and "Called the GP" in week
    assert "<dt>What helped?</dt><dd>Walking<br>the dog</dd>" in week
    assert "I'm proud of myself for showing up." in week
    assert "Outside the range" not in html


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2026-02-30", "to": "2026-03-01"},
        {"from": "yesterday"},
        {"from": "0000-01-01", "to": "99999-01-01"},
        {"to": "1066-10-14"},
    ],
)
def test_bad_dates_get_a_kind_message_and_the_last_four_weeks(owner_client, owner, on_18_march, query):
    make_win(owner, "Still here", occurred_on="2026-03-10")
    response = owner_client.get("/report/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "We couldn&#x27;t use those dates, so here are the last four weeks." in html
    assert "Small wins from 23 February 2026 to 18 March 2026" in html
    assert "Still here" in html
    typed = next(iter(query.values()))
    assert f'value="{typed}"' in html


def test_an_end_before_the_start_says_so(owner_client, on_18_march):
    html = owner_client.get("/report/", {"from": "2026-03-10", "to": "2026-03-01"}).content.decode()
    assert "The end date is before the start date." in html


def test_a_range_longer_than_a_year_is_shortened_to_a_year(owner_client, owner, on_18_march):
    make_win(owner, "Two years ago", occurred_on="2024-03-01")
    make_win(owner, "Last spring", occurred_on="2025-03-20")
    html = owner_client.get("/report/", {"from": "2020-01-01", "to": "2026-03-18"}).content.decode()
    assert "A report covers up to a year at a time, so this one starts on 18 March 2025." in html
    assert "Last spring" in html and "Two years ago" not in html


def test_only_from_runs_up_to_today(owner_client, owner, on_18_march):
    html = owner_client.get("/report/", {"from": "2026-03-01"}).content.decode()
    assert "Small wins from 1 March 2026 to 18 March 2026" in html


def test_the_report_can_be_printed_without_inline_script(owner_client):
    html = owner_client.get("/report/").content.decode()
    assert re.search(r'<button type="button"[^>]*data-print hidden>Print</button>', html)
    assert "Ctrl+P" in html
    assert "onclick" not in html and "<script>" not in html and "style=" not in html
    css = Path(finders.find("css/app.css")).read_text()
    assert "@media print" in css[css.index("Week and timeline") :]
    assert "[data-print]" in Path(finders.find("js/app.js")).read_text()


def test_an_empty_range_is_described_gently(owner_client, on_18_march):
    html = owner_client.get("/report/").content.decode()
    assert "No wins logged in these dates. Rest counts too." in html
