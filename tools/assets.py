"""Build the design assets in static/ from the npm packages named in package.json.

    make assets

- The typeface: Atkinson Hyperlegible Next, latin subset, regular (400) and bold (700), copied from
  @fontsource/atkinson-hyperlegible-next into static/fonts/ with its licence. app.css declares it.
- The icons: static/img/icons.svg, a sprite holding only the Lucide icons config/icons.py names,
  one <symbol> per icon under our name, with lucide-static's licence beside it.

The results are committed, so running, testing and deploying Small Wins never needs Node; run this
after changing either package's version. tests/test_design_assets.py fails when they drift apart.
"""

import re
import sys
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.icons import ICONS, SPRITE  # noqa: E402 (needs the repository on the path when run as a script)

NODE_MODULES = ROOT / "node_modules"
STATIC = ROOT / "static"

FONT_PACKAGE = NODE_MODULES / "@fontsource" / "atkinson-hyperlegible-next"
FONT_WEIGHTS = (400, 700)
FONTS_DIR = STATIC / "fonts"
FONT_LICENCE = FONTS_DIR / "atkinson-hyperlegible-next-LICENSE.txt"

LUCIDE_PACKAGE = NODE_MODULES / "lucide-static"
ICONS_LICENCE = STATIC / "img" / "icons-LICENSE.txt"

SVG_NS = "http://www.w3.org/2000/svg"
# Lucide draws with strokes; the sprite carries the drawing style, so a page needs no CSS to show an icon.
STROKE = 'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"'


def font_file(weight: int) -> str:
    return f"atkinson-hyperlegible-next-latin-{weight}-normal.woff2"


def package_version(package: Path) -> str:
    text = (package / "package.json").read_text()
    return re.search(r'"version"\s*:\s*"([^"]+)"', text).group(1)


def icon_shapes(lucide_name: str) -> str:
    """The drawing inside one Lucide icon's <svg>, as compact markup."""
    root = ElementTree.parse(LUCIDE_PACKAGE / "icons" / f"{lucide_name}.svg").getroot()  # noqa: S314 (a locked package)
    shapes = []
    for element in root:
        tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
        attributes = "".join(f" {key}={quoteattr(value)}" for key, value in element.attrib.items())
        shapes.append(f"<{tag}{attributes}/>")
    return "".join(shapes)


def sprite() -> str:
    """static/img/icons.svg: one <symbol id="our-name"> per icon in config/icons.py."""
    version = package_version(LUCIDE_PACKAGE)
    symbols = "\n".join(
        f'<symbol id="{name}" viewBox="0 0 24 24" {STROKE}>{icon_shapes(lucide_name)}</symbol>'
        for name, lucide_name in sorted(ICONS.items())
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg">\n'
        f"<!-- Lucide icons from lucide-static {version}, ISC and MIT licences: icons-LICENSE.txt. "
        f"Built by make assets from config/icons.py. -->\n{symbols}\n</svg>\n"
    )


def built() -> dict[Path, bytes]:
    """Every file this step writes, with the contents it writes."""
    files = {STATIC / SPRITE: sprite().encode(), ICONS_LICENCE: (LUCIDE_PACKAGE / "LICENSE").read_bytes()}
    for weight in FONT_WEIGHTS:
        files[FONTS_DIR / font_file(weight)] = (FONT_PACKAGE / "files" / font_file(weight)).read_bytes()
    files[FONT_LICENCE] = (FONT_PACKAGE / "LICENSE").read_bytes()
    return files


def main() -> None:
    if not LUCIDE_PACKAGE.is_dir() or not FONT_PACKAGE.is_dir():
        sys.exit("The npm packages are missing: run `make node_modules/.installed` first.")
    FONTS_DIR.mkdir(exist_ok=True)
    for path, contents in built().items():
        path.write_bytes(contents)
        print(f"wrote {path.relative_to(ROOT)} ({len(contents):,} bytes)")


if __name__ == "__main__":
    main()
