import csv
import io

import pytest

from journal.models import Category
from tests.factories import make_win

pytestmark = pytest.mark.django_db


def download_rows(client) -> tuple[object, list[list[str]]]:
    response = client.get("/account/data/small-wins.csv")
    body = b"".join(response.streaming_content).decode()
    return response, list(csv.reader(io.StringIO(body)))


def test_visitor_is_sent_to_log_in_for_the_csv(client):
    response = client.get("/account/data/small-wins.csv")
    assert response.status_code == 302


def test_the_csv_is_a_streamed_attachment(owner_client):
    response, rows = download_rows(owner_client)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="small-wins-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert rows == [["day", "text", "category", "mood", "hard_day", "shared_with_allies", "logged_at"]]


def test_the_csv_has_one_row_per_win_in_words(owner_client, owner):
    make_win(owner, "Called my sister, finally", category=Category.REACHING_OUT, mood=5, occurred_on="2024-05-02")
    make_win(owner, "Rested", hard_day=True, occurred_on="2024-05-01")
    _, rows = download_rows(owner_client)
    assert [row[:6] for row in rows[1:]] == [
        ["2024-05-01", "Rested", "Self-care", "", "yes", "no"],
        ["2024-05-02", "Called my sister, finally", "Reaching out", "very good", "no", "no"],
    ]


def test_a_win_that_looks_like_a_formula_stays_plain_text_in_a_spreadsheet(owner_client, owner):
    make_win(owner, '=HYPERLINK("http://evil.example")')
    make_win(owner, "@SUM(1)")
    _, rows = download_rows(owner_client)
    assert sorted(row[1] for row in rows[1:]) == ['\'=HYPERLINK("http://evil.example")', "'@SUM(1)"]


def test_the_csv_holds_only_your_own_wins(owner_client, owner, stranger):
    make_win(stranger, "Someone else's")
    _, rows = download_rows(owner_client)
    assert len(rows) == 1
