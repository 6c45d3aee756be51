"""A person's country for crisis help: guessed at sign-up, changed in settings, followed by "Need help now?"."""

import json

import pytest

from accounts.models import User
from crisis.resources import country_from_timezone, crisis_url
from tests.factories import make_user
from tests.helpers import import_file, without_icons

pytestmark = pytest.mark.django_db

SIGNUP = {"display_name": "Dana", "email": "dana@example.com", "password1": "a calm river at dawn 42"}


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/London", "gb"),
        ("America/Chicago", "us"),
        ("America/Toronto", "ca"),
        ("Europe/Berlin", "de"),
        ("Australia/Sydney", "au"),
        ("Pacific/Auckland", "nz"),
        ("US/Eastern", "us"),  # old names, as some browsers still send them
        ("Asia/Calcutta", "in"),
        ("America/Buenos_Aires", "ar"),
        ("Europe/Belfast", "gb"),
        ("Asia/Seoul", "kr"),
        ("America/Sao_Paulo", "br"),
    ],
)
def test_a_time_zone_names_its_country(zone, country):
    assert country_from_timezone(zone) == country


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+3", "", "Mars/Olympus", "Antarctica/Troll"])
def test_a_time_zone_without_a_listed_country_names_none(zone):
    assert country_from_timezone(zone) == ""


def test_crisis_url_leads_to_the_country_page_or_the_list():
    assert crisis_url("gb") == "/crisis/gb/"
    assert crisis_url("GB") == "/crisis/gb/"
    assert crisis_url("") == crisis_url(None) == crisis_url("zz") == "/crisis/"


def test_signup_guesses_the_country_from_the_time_zone(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "timezone": "Europe/London"})
    assert response.status_code == 302
    assert User.objects.get(email="dana@example.com").country == "gb"


def test_signup_from_a_zone_we_cannot_place_leaves_the_country_unset(client):
    client.post("/accounts/signup/", {**SIGNUP, "timezone": "UTC"})
    assert User.objects.get(email="dana@example.com").country == ""


def test_settings_offer_a_select_named_country_for_crisis_help(owner_client):
    body = owner_client.get("/account/").content.decode()
    assert "Country for crisis help" in body
    assert '<select name="country"' in body
    assert '<option value="gb">United Kingdom</option>' in body
    assert "Not listed: show every country" in body


def test_the_person_changes_their_country_in_settings(owner_client, owner):
    response = owner_client.post("/account/", {"timezone": "Europe/London", "week_starts_on": "0", "country": "ie"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.country == "ie"


def test_a_country_we_do_not_list_gets_a_kind_message_and_keeps_the_name(owner_client, owner):
    response = owner_client.post(
        "/account/", {"display_name": "Typed name", "timezone": "Europe/London", "week_starts_on": "0", "country": "zz"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please choose a country from the list" in body
    assert 'value="Typed name"' in body
    owner.refresh_from_db()
    assert owner.country == ""


def test_the_header_link_goes_to_the_persons_country_page(client):
    client.force_login(make_user(country="gb"))
    body = without_icons(client.get("/").content.decode())
    assert '<a class="crisis-link" href="/crisis/gb/">Need help now?</a>' in body


def test_the_header_link_goes_to_every_country_without_a_country(owner_client):
    body = without_icons(owner_client.get("/").content.decode())
    assert '<a class="crisis-link" href="/crisis/">Need help now?</a>' in body


def test_a_visitor_gets_the_list_of_every_country(client):
    body = without_icons(client.get("/accounts/login/").content.decode())
    assert '<a class="crisis-link" href="/crisis/">Need help now?</a>' in body


def test_the_export_carries_the_country_and_restoring_settings_brings_it_back(client):
    person = make_user(country="nz")
    client.force_login(person)
    document = json.loads(b"".join(client.get("/account/data/small-wins.json").streaming_content))
    assert document["profile"]["country"] == "nz"
    person.country = ""
    person.save()
    import_file(client, json.dumps(document), "small-wins.json", restore_settings="on")
    person.refresh_from_db()
    assert person.country == "nz"


@pytest.mark.parametrize("country", ["zz", "NZ", 64, None])
def test_an_imported_country_we_do_not_list_leaves_the_setting_alone(client, country):
    person = make_user(country="ie")
    client.force_login(person)
    document = {"format": "small-wins-export", "version": 1, "profile": {"country": country}, "wins": []}
    import_file(client, json.dumps(document), "small-wins.json", restore_settings="on")
    person.refresh_from_db()
    assert person.country == "ie"
