"""crisis/resources.json: every country's emergency number, every line's source, numbers people can dial."""

import copy

import pytest

from crisis.checks import REQUIRED_COUNTRIES, iso_country_codes, problems
from crisis.resources import COUNTRY_CHOICES, CountryHelp, all_countries, country_help, read_data


@pytest.fixture(scope="module")
def data():
    return read_data()


def test_the_committed_file_has_no_problems(data):
    assert problems(data) == []


def test_at_least_thirty_countries_and_every_promised_one(data):
    assert len(data["countries"]) >= 30
    assert set(REQUIRED_COUNTRIES) <= set(data["countries"])


def test_every_code_is_a_real_lower_case_country_code(data):
    known = iso_country_codes()
    assert known, "the system's iso3166.tab was not found"
    assert set(data["countries"]) <= known


def test_the_file_says_its_numbers_must_be_verified(data):
    about = " ".join(data["_about"])
    assert "must be verified" in about and "findahelpline.com" in about


def test_no_number_is_marked_checked_that_was_not(data):
    # Compiled without access to the services' sites: nothing may claim a check that did not happen.
    lines = [line for country in data["countries"].values() for line in country["lines"]]
    assert all(line["checked"] == "" for line in lines)


def test_choices_are_every_country_sorted_by_name():
    names = [name for _code, name in COUNTRY_CHOICES]
    assert names == sorted(names)
    assert {code for code, _name in COUNTRY_CHOICES} == set(all_countries())


def test_the_uk_leads_with_999_and_samaritans():
    uk = country_help("gb")
    assert uk.emergency == "999"
    assert (uk.main_line.name, uk.main_line.tel_href) == ("Samaritans", "tel:116123")


def test_a_text_line_with_a_keyword_fills_in_the_message():
    shout = country_help("gb").lines[1]
    assert shout.sms_href == "sms:85258?&body=SHOUT"
    assert country_help("us").lines[1].sms_href == "sms:741741?&body=HOME"


def test_a_country_without_lines_has_no_main_line():
    assert CountryHelp(code="xx", name="Nowhere", emergency="112").main_line is None


def broken(data, change):
    copied = copy.deepcopy(data)
    change(copied)
    return problems(copied)


def set_line(code, index, **fields):
    return lambda d: d["countries"][code]["lines"][index].update(fields)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["countries"]["gb"].pop("emergency"), "gb: every country needs its emergency number"),
        (lambda d: d["countries"]["gb"].update(emergency="nine nine nine"), "gb: every country needs its emergency"),
        (set_line("gb", 0, source=""), "gb line 1: every entry needs its source"),
        (set_line("gb", 0, source="http://samaritans.org"), "gb line 1: every entry needs its source"),
        (set_line("gb", 0, phone="116 123 call now"), "gb line 1: phone '116 123 call now' is not a number"),
        (set_line("gb", 0, phone="12"), "gb line 1: phone '12' is not a number"),
        (set_line("gb", 1, sms="8525x"), "gb line 2: sms '8525x' is not a number"),
        (set_line("gb", 1, sms_body="shout please"), "gb line 2: text keyword 'shout please'"),
        (set_line("gb", 0, chat_url="javascript:alert(1)"), "gb line 1: chat link"),
        (set_line("gb", 0, checked="yesterday"), "gb line 1: checked 'yesterday' is not a date"),
        (set_line("gb", 0, checked="2030-01-01"), "gb line 1: checked 2030-01-01 is after"),
        (set_line("gb", 0, phone="", sms="", chat_url=""), "gb line 1: nothing to call, text or open"),
        (set_line("gb", 0, fax="0123"), "gb line 1: unknown field 'fax'"),
        (lambda d: d["countries"].update(uk=d["countries"].pop("gb")), "uk: not a lower-case ISO 3166"),
        (lambda d: d["countries"].update(GB=d["countries"].pop("gb")), "GB: not a lower-case ISO 3166"),
        (lambda d: d["countries"].pop("za"), "za: missing"),
        (lambda d: d["countries"]["ie"].update(lines=[]), "ie: no lines"),
        (lambda d: d.update(international=[]), "international help should point to findahelpline.com"),
    ],
)
def test_the_checker_finds_each_kind_of_mistake(data, change, message):
    assert any(found.startswith(message) for found in broken(data, change)), broken(data, change)


def test_the_checker_counts_the_countries(data):
    def keep_ten(d):
        d["countries"] = dict(list(d["countries"].items())[:10])

    assert "only 10 countries; at least 30 are promised" in broken(data, keep_ten)
