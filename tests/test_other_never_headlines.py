""" "Other" is where wins go when no category fits: it never headlines a summary of them."""

import datetime
import re
from collections import Counter
from unittest import mock

import pytest

from journal import charts
from journal.models import Category
from journal.summaries import by_count, category_growth
from tests.factories import make_win

pytestmark = pytest.mark.django_db


def test_other_never_grew_the_most_even_when_it_grew_by_far_the_most():
    growth = category_growth(Counter({Category.OTHER: 9, Category.REST: 2}), {Category.REST: 4})
    assert growth.label == "Rest"
    assert category_growth(Counter({Category.OTHER: 9}), {}) is None


def test_other_comes_last_in_counts_however_many_it_has():
    counted = by_count(Counter({Category.OTHER: 9, Category.REST: 2, Category.JOY: 3}))
    assert counted == [(Category.JOY, 3), (Category.REST, 2), (Category.OTHER, 9)]


def test_other_is_the_last_bar_of_the_weeks_picture():
    chart = charts.category_bars(
        [("Other", 9, Category.OTHER), ("Rest", 2, Category.REST), ("Joy", 3, Category.JOY)], chart_id="bars"
    )
    assert [label for label, _count in chart.rows] == ["Joy", "Rest", "Other"]
    assert chart.summary == "Wins by category: Joy 3 wins; Rest 2 wins; Other 9 wins."


def test_the_week_headlines_a_real_category_not_other(owner_client, owner):
    for n in range(5):
        make_win(owner, f"Something {n}", occurred_on="2026-03-03", category=Category.OTHER)
    make_win(owner, "Napped", occurred_on="2026-03-04", category=Category.REST)

    html = owner_client.get("/week/2026-03-02/").content.decode()

    assert "Other grew the most" not in html
    assert "Rest grew the most: 1 this week, none in the four weeks before." in html
    bars = re.findall(r'<text class="chart-label" x="140"[^>]*>([^<]+)</text>', html)
    assert bars == ["Rest", "Other"]


def test_a_week_of_only_other_does_not_say_other_grew(owner_client, owner):
    make_win(owner, "Something", occurred_on="2026-03-03", category=Category.OTHER)
    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert "grew the most" not in html
    assert "Your categories were much like the four weeks before." in html


def test_the_report_lists_other_last(owner_client, owner):
    now = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC)
    for n in range(3):
        make_win(owner, f"Something {n}", occurred_on="2026-03-10", category=Category.OTHER)
    make_win(owner, "Napped", occurred_on="2026-03-11", category=Category.REST)
    with mock.patch("django.utils.timezone.now", return_value=now):
        html = owner_client.get("/report/").content.decode()
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', html)
    assert rows[:2] == [("Rest", "1"), ("Other", "3")]
