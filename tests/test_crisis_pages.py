"""The static crisis pages: generated from the data file, fresh, small, script-free, served before any view."""

import gzip
import re
import shutil

import pytest
from django.core.management import CommandError, call_command

from crisis.management.commands import build_crisis_pages
from crisis.pages import PAGES_DIR, render_pages, stale_pages, written_pages
from crisis.resources import all_countries

US_NUMBERS = ("911", "988", "741741", "686868")


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_committed_pages_are_what_the_data_file_renders(tmp_path):
    # If this fails: run `manage.py build_crisis_pages` and commit static/root/crisis/.
    call_command("build_crisis_pages", output=tmp_path, verbosity=0)
    assert written_pages(tmp_path) == written_pages(PAGES_DIR)


def test_the_check_passes_on_the_committed_pages():
    call_command("build_crisis_pages", check=True, verbosity=0)


def test_the_check_fails_on_a_stale_or_missing_or_left_over_page(tmp_path):
    shutil.copytree(PAGES_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "gb" / "index.html").write_text("<p>Call 911</p>")
    (tmp_path / "ie" / "index.html").unlink()
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "index.html").write_text("<p>Old</p>")
    assert stale_pages(tmp_path) == ["gb/index.html", "ie/index.html", "xx/index.html"]
    with pytest.raises(CommandError, match="out of date"):
        call_command("build_crisis_pages", output=tmp_path, check=True, verbosity=0)


def test_building_removes_the_page_of_a_country_no_longer_listed(tmp_path):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "index.html").write_text("<p>Old</p>")
    call_command("build_crisis_pages", output=tmp_path, verbosity=0)
    assert not (tmp_path / "xx" / "index.html").exists()
    assert stale_pages(tmp_path) == []


def test_every_country_has_a_page():
    assert set(render_pages()) == {"index.html"} | {f"{code}/index.html" for code in all_countries()}


@pytest.mark.parametrize("name", sorted(render_pages()))
def test_each_page_is_small_and_has_no_inline_script_or_style(name):
    html = render_pages()[name]
    assert len(gzip.compress(html.encode())) <= 15 * 1024
    assert "<script" not in html
    assert "style=" not in html and "<style" not in html
    assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers either


@pytest.mark.parametrize("code", sorted(all_countries()))
def test_each_country_page_answers_with_its_emergency_number_first(client, code):
    response = client.get(f"/crisis/{code}/")
    assert response.status_code == 200
    html = body(response)
    country = all_countries()[code]
    main = html.split('id="main"', 1)[1]
    first_tel = re.search(r'href="tel:([^"]+)"', main).group(1)
    assert first_tel == country.emergency
    for line in country.lines:
        assert line.source in html


def test_the_uk_page_shows_999_before_any_us_number_and_never_911(client):
    html = body(client.get("/crisis/gb/"))
    assert "999" in html
    assert "911" not in html
    first_us = min((html.find(number) for number in US_NUMBERS if number in html), default=len(html))
    assert html.index("999") < first_us
    assert html.index("999") < html.index("Samaritans") < html.index("Shout")
    assert 'href="tel:116123"' in html
    assert 'href="sms:85258?&amp;body=SHOUT"' in html


def test_a_country_page_offers_the_safety_plan_and_the_way_to_every_country(client):
    html = body(client.get("/crisis/gb/"))
    assert '<a href="/safety-plan/">Open your safety plan</a>' in html
    assert 'href="/crisis/"' in html
    assert "https://findahelpline.com" in html


def test_the_list_links_every_country_with_its_emergency_number_and_international_help(client):
    response = client.get("/crisis/")
    assert response.status_code == 200
    html = body(response)
    for code, country in all_countries().items():
        assert f'<a href="/crisis/{code}/">{country.name}</a>' in html
    assert "https://findahelpline.com" in html and "https://befrienders.org" in html
    assert html.index("Argentina") < html.index("United Kingdom") < html.index("United States")


def test_a_country_page_has_the_same_protective_headers(client):
    response = client.get("/crisis/gb/")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_unknown_country_is_a_kind_404_not_a_500(client):
    assert client.get("/crisis/zz/").status_code == 404


def test_a_bad_data_file_stops_the_build(monkeypatch, tmp_path):
    monkeypatch.setattr(build_crisis_pages, "read_data", lambda: {"compiled": "2026-11-30", "countries": {}})
    with pytest.raises(CommandError, match="needs fixing first"):
        call_command("build_crisis_pages", output=tmp_path, verbosity=0)
    assert list(tmp_path.iterdir()) == []
