"""What makes crisis/resources.json safe to publish, as a list of problems (empty: fine).

The tests run it on the committed file, and build_crisis_pages refuses to write
pages from a file that has any: a wrong number here is worse than none.
"""

import datetime
import re

from .resources import Line, tz_data_file

REQUIRED_COUNTRIES = (
    *("us", "ca", "mx", "br", "ar", "cl", "co"),
    *("gb", "ie", "fr", "de", "at", "ch", "nl", "be", "es", "pt", "it", "se", "no", "dk", "fi", "pl"),
    *("in", "jp", "kr", "sg", "ph", "au", "nz", "za"),
)
MINIMUM_COUNTRIES = 30
# Dialled as written: digits with single spaces or hyphens, Chile's "*4141" star, an international "+".
PHONE = re.compile(r"^(\+|\*)?\d+([ -]\d+)*$")
SHORT_NUMBER = re.compile(r"^\d{2,5}$")
KEYWORD = re.compile(r"^[A-Z0-9]{2,20}$")
LINE_FIELDS = set(Line.__dataclass_fields__)
COUNTRY_FIELDS = {"name", "emergency", "emergency_also", "lines"}


def iso_country_codes() -> set[str]:
    """Lower-case ISO 3166 alpha-2 codes, from the IANA iso3166.tab the system ships ({} when absent)."""
    rows = tz_data_file("iso3166.tab").splitlines()
    return {row.split("\t")[0].lower() for row in rows if row and not row.startswith("#")}


def digits(number: str) -> int:
    return sum(char.isdigit() for char in number)


def line_problems(where: str, entry: dict, *, compiled: datetime.date) -> list[str]:
    found = [f"{where}: unknown field {name!r}" for name in sorted(set(entry) - LINE_FIELDS)]
    if not entry.get("name", "").strip():
        found.append(f"{where}: no name")
    if not entry.get("source", "").startswith("https://"):
        found.append(f"{where}: every entry needs its source, an https:// address")
    if not any(entry.get(key) for key in ("phone", "sms", "chat_url")):
        found.append(f"{where}: nothing to call, text or open")
    for key in ("phone", "sms"):
        number = entry.get(key, "")
        if number and not (PHONE.match(number) and 3 <= digits(number) <= 15):
            found.append(f"{where}: {key} {number!r} is not a number someone can dial")
    if entry.get("sms_body") and not entry.get("sms"):
        found.append(f"{where}: a text keyword without a number to text")
    if entry.get("sms_body") and not KEYWORD.match(entry["sms_body"]):
        found.append(f"{where}: text keyword {entry['sms_body']!r} should be one word in capitals")
    if entry.get("chat_url") and not entry["chat_url"].startswith("https://"):
        found.append(f"{where}: chat link {entry['chat_url']!r} should be https://")
    checked = entry.get("checked")
    if checked is None:
        found.append(f"{where}: say when it was checked ('' for not yet)")
    elif checked:
        try:
            if datetime.date.fromisoformat(checked) > compiled:
                found.append(f"{where}: checked {checked} is after the file was compiled")
        except ValueError:
            found.append(f"{where}: checked {checked!r} is not a date like 2026-11-30")
    return found


def problems(data: dict) -> list[str]:
    """Every problem with the data, as sentences a maintainer can act on."""
    found = []
    try:
        compiled = datetime.date.fromisoformat(data.get("compiled", ""))
    except ValueError:
        return ["the file needs a 'compiled' date like 2026-11-30"]
    countries = data.get("countries", {})
    known = iso_country_codes()
    if len(countries) < MINIMUM_COUNTRIES:
        found.append(f"only {len(countries)} countries; at least {MINIMUM_COUNTRIES} are promised")
    found += [f"{code}: missing" for code in REQUIRED_COUNTRIES if code not in countries]
    for code, country in countries.items():
        if not re.fullmatch(r"[a-z]{2}", code) or (known and code not in known):
            found.append(f"{code}: not a lower-case ISO 3166 country code")
        found += [f"{code}: unknown field {name!r}" for name in sorted(set(country) - COUNTRY_FIELDS)]
        if not country.get("name", "").strip():
            found.append(f"{code}: no name")
        if not SHORT_NUMBER.match(country.get("emergency", "")):
            found.append(f"{code}: every country needs its emergency number, like 112")
        if not country.get("lines"):
            found.append(f"{code}: no lines; at least its main crisis line")
        for index, entry in enumerate(country.get("lines", ())):
            found += line_problems(f"{code} line {index + 1}", entry, compiled=compiled)
    international = data.get("international", ())
    for index, entry in enumerate(international):
        found += line_problems(f"international {index + 1}", entry, compiled=compiled)
    addresses = " ".join(entry.get("chat_url", "") for entry in international)
    for directory in ("findahelpline.com", "befrienders.org"):
        if directory not in addresses:
            found.append(f"international help should point to {directory}")
    return found
