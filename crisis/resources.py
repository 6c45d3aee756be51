"""Crisis help by country, read once from crisis/resources.json.

The file is the one source for the static pages (build_crisis_pages), the
"Need help now?" link and anything else that shows a country's numbers.
"""

import datetime
import json
import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from importlib import resources as package_files
from pathlib import Path
from urllib.parse import urlsplit

DATA_FILE = Path(__file__).with_name("resources.json")


@dataclass(frozen=True)
class Line:
    """One free crisis or suicide-prevention service: any of phone, text and chat."""

    name: str
    phone: str = ""  # as people read it aloud, e.g. "116 123"
    sms: str = ""
    sms_body: str = ""  # the keyword a text service asks for, e.g. "SHOUT"
    chat_url: str = ""
    hours: str = ""
    languages: tuple[str, ...] = ()
    source: str = ""  # where the details come from; people can check it there
    checked: str = ""  # ISO date someone checked them against the source; "" = not yet

    @property
    def tel_href(self) -> str:
        return f"tel:{dial_string(self.phone)}" if self.phone else ""

    @property
    def sms_href(self) -> str:
        if not self.sms:
            return ""
        # "?&body=" rather than "?body=": the form both iOS and Android fill in.
        body = f"?&body={self.sms_body}" if self.sms_body else ""
        return f"sms:{dial_string(self.sms)}{body}"

    @property
    def source_name(self) -> str:
        """ "https://www.samaritans.org/ireland/" → "samaritans.org"."""
        host = urlsplit(self.source).hostname or self.source
        return host.removeprefix("www.")

    @property
    def checked_on(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.checked) if self.checked else None


@dataclass(frozen=True)
class CountryHelp:
    code: str  # ISO 3166 alpha-2, lower case
    name: str
    emergency: str  # the number for police, ambulance and fire
    lines: tuple[Line, ...] = ()
    emergency_also: str = ""  # other emergency numbers, in words: "112 works too."

    @property
    def main_line(self) -> Line | None:
        return self.lines[0] if self.lines else None

    @property
    def emergency_href(self) -> str:
        return f"tel:{dial_string(self.emergency)}"

    @property
    def url(self) -> str:
        return f"/crisis/{self.code}/"


def dial_string(number: str) -> str:
    """ "0800 111 0 111" → "08001110111": what a tel:/sms: link holds (Chile's "*4141" keeps its star)."""
    return re.sub(r"[^\d+*]", "", number)


def read_data(path: Path = DATA_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def parse_line(entry: dict) -> Line:
    return Line(**{**entry, "languages": tuple(entry.get("languages", ()))})


def parse_countries(data: dict) -> dict[str, CountryHelp]:
    return {
        code: CountryHelp(
            code=code,
            name=country["name"],
            emergency=country["emergency"],
            lines=tuple(parse_line(entry) for entry in country.get("lines", ())),
            emergency_also=country.get("emergency_also", ""),
        )
        for code, country in data["countries"].items()
    }


@cache
def all_countries() -> dict[str, CountryHelp]:
    return parse_countries(read_data())


@cache
def compiled_on() -> datetime.date:
    """When the numbers were last compiled (the file's "compiled" date)."""
    return datetime.date.fromisoformat(read_data()["compiled"])


@cache
def international_lines() -> tuple[Line, ...]:
    """Directories for anywhere in the world (findahelpline.com, befrienders.org)."""
    return tuple(parse_line(entry) for entry in read_data()["international"])


def country_help(code: str | None) -> CountryHelp | None:
    return all_countries().get((code or "").strip().lower())


def crisis_url(code: str | None) -> str:
    help_ = country_help(code)
    return help_.url if help_ else "/crisis/"


COUNTRY_CHOICES: list[tuple[str, str]] = sorted(
    ((code, country.name) for code, country in all_countries().items()), key=lambda choice: choice[1]
)


def country_choices() -> list[tuple[str, str]]:
    # For the model field: a callable keeps the list out of migrations, so a
    # country added to the data file needs no new migration.
    return COUNTRY_CHOICES


def tz_data_file(name: str) -> str:
    """The text of one of the IANA tables (zone.tab, tzdata.zi), from the system or the tzdata package."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return package_files.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


@cache
def zone_countries() -> dict[str, str]:
    """{IANA zone: its country}, from zone.tab (one country per zone), old names following their links."""
    found = {}
    for row in tz_data_file("zone.tab").splitlines():
        if row and not row.startswith("#"):
            code, _coordinates, zone, *_comment = row.split("\t")
            found[zone] = code.lower()
    # Browsers still name some zones the old way (Asia/Calcutta, America/Buenos_Aires);
    # tzdata.zi lists each old name as a link ("L Asia/Kolkata Asia/Calcutta").
    for row in tz_data_file("tzdata.zi").splitlines():
        parts = row.split()
        if len(parts) == 3 and parts[0] == "L" and parts[1] in found:
            found.setdefault(parts[2], found[parts[1]])
    return found


def country_from_timezone(tz: str) -> str:
    """The country a time zone belongs to, when our file has it; "" otherwise (UTC, unknown, not listed)."""
    code = zone_countries().get((tz or "").strip(), "")
    return code if code in all_countries() else ""
