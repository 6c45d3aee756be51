"""The static crisis pages, rendered from crisis/resources.json.

WhiteNoise serves static/root at the site root, so these files answer /crisis/
and /crisis/<cc>/ before any view runs, with the database up or down.
"""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .resources import all_countries, compiled_on

PAGES_DIR = Path(settings.BASE_DIR) / "static" / "root" / "crisis"


def render(template: str, context: dict) -> str:
    # The template tags' own blank lines go: smaller files, easier diffs.
    return re.sub(r"\n\s*\n", "\n", render_to_string(template, {"compiled": compiled_on(), **context}))


def render_pages() -> dict[str, str]:
    """{path under the crisis folder: its HTML}, for the list of every country and each country's page."""
    countries = sorted(all_countries().values(), key=lambda country: country.name)
    pages = {"index.html": render("crisis/index.html", {"countries": countries, "is_index": True})}
    for country in countries:
        pages[f"{country.code}/index.html"] = render("crisis/country.html", {"country": country})
    return pages


def written_pages(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.html"))}


def stale_pages(folder: Path = PAGES_DIR) -> list[str]:
    """The pages in `folder` that differ from what the data file renders, are missing, or are left over."""
    wanted, found = render_pages(), written_pages(folder)
    return sorted(name for name in wanted.keys() | found.keys() if wanted.get(name) != found.get(name))


def write_pages(folder: Path = PAGES_DIR) -> list[str]:
    """Write every page, remove pages of countries no longer listed; the paths that changed."""
    pages = render_pages()
    changed = stale_pages(folder)
    for name in set(written_pages(folder)) - set(pages):
        (folder / name).unlink()
    for name, html in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return changed
