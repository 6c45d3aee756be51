"""Gratitude: its own category, the "Grateful for…" prompt and preset, and its own colour in pictures."""

import re
import uuid

import pytest

from journal import charts
from journal.models import Category, Win
from tests.factories import make_win
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def test_gratitude_is_a_category():
    assert Category.GRATITUDE == "gratitude"
    assert Category.GRATITUDE.label == "Gratitude"


def test_the_log_form_and_the_filters_offer_gratitude(owner_client):
    assert '<option value="gratitude">Gratitude</option>' in owner_client.get("/").content.decode()
    assert '<option value="gratitude">Gratitude</option>' in owner_client.get("/wins/").content.decode()


def test_today_has_a_grateful_for_chip_that_works_without_javascript(owner_client):
    body = text_of(owner_client.get("/"))
    chip = re.search(r'<a class="chip" href="([^"]+)"[^>]*>Grateful for…</a>', body)
    assert chip, "no Grateful for… chip"
    page = text_of(owner_client.get(chip[1]))
    assert 'placeholder="Grateful for…"' in page
    assert 'value="Grateful for "' in page
    assert '<option value="gratitude" selected>Gratitude</option>' in page
    assert re.search(r'<input type="text" name="text" value="Grateful for "[^>]*autofocus', page)


def test_the_grateful_preset_logs_a_gratitude_win_in_one_tap(owner_client, owner):
    body = text_of(owner_client.get("/"))
    assert ">Noticed something I'm grateful for</span></button>" in body
    response = owner_client.post("/wins/quick/", {"preset": "grateful", "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 302
    win = Win.objects.get()
    assert (win.text, win.category) == ("Noticed something I'm grateful for", Category.GRATITUDE)


def test_a_typed_gratitude_win_keeps_its_category(owner_client):
    owner_client.post("/", {"text": "Grateful for my sister's call", "category": "gratitude"})
    assert Win.objects.get().category == "gratitude"
    assert '<span class="badge cat-gratitude">Gratitude</span>' in text_of(owner_client.get("/"))


def test_gratitude_has_its_own_colour_in_the_weeks_bars(owner_client, owner):
    make_win(owner, "Grateful for sunshine", category=Category.GRATITUDE)
    make_win(owner, "Rested", category=Category.REST)
    body = owner_client.get("/week/").content.decode()
    assert body.count('class="chart-bar cat-gratitude"') == 1
    assert body.count('class="chart-bar"') == 1  # the other category keeps the usual colour


def test_category_bars_still_accept_plain_label_and_count_pairs():
    chart = charts.category_bars([("Rest", 2), ("Gratitude", 1, "gratitude")], chart_id="bars")
    assert 'class="chart-bar cat-gratitude"' in chart.svg
    assert chart.rows == [("Rest", "2"), ("Gratitude", "1")]


def test_the_stylesheet_gives_gratitude_a_colour_in_both_schemes():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    assert ".chart-bar.cat-gratitude { fill: var(--gratitude); }" in css
    assert css.count("--gratitude:") == 2
