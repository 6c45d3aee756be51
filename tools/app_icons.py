"""Draw the app icons (PNG) and favicon.ico from static/img/icon.svg, in Chromium.

    make app-icons

Browsers that can't use the SVG favicon, home screens and the web app manifest want bitmaps:
- static/img/icon-192.png, icon-512.png: the round icon on a transparent ground (manifest, "any");
- static/img/icon-maskable-512.png: the drawing inside a full square, for launchers that cut
  their own shape (manifest, "maskable": the drawing stays within the middle 80 %);
- static/img/apple-touch-icon.png (180 px): opaque, because iOS fills transparency with black;
- static/root/favicon.ico (16, 32, 48 px): for whatever asks for /favicon.ico without reading a page.
The PNGs are committed; run this after changing icon.svg.
"""

import io
import os
import sys
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "static" / "img"
SOURCE = IMG / "icon.svg"
SVG_NS = "http://www.w3.org/2000/svg"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def drawing_on_square(svg: str, scale: float) -> str:
    """The icon's drawing without its round ground, scaled about the centre onto a square of that ground."""
    ElementTree.register_namespace("", SVG_NS)
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own committed icon.svg)
    ground = root.find(f"{{{SVG_NS}}}circle")
    colour = ground.get("fill")
    shapes = [
        ElementTree.tostring(child, encoding="unicode")
        for child in root
        if child is not ground and child.tag != f"{{{SVG_NS}}}title"
    ]
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 32 32"><rect width="32" height="32" fill="{colour}"/>'
        f'<g transform="translate(16 16) scale({scale}) translate(-16 -16)">{"".join(shapes)}</g></svg>'
    )


def render(page, svg: str, size: int) -> Image.Image:
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(
        '<html><body style="margin:0;background:transparent">'
        f'<div style="width:{size}px;height:{size}px">{svg}</div></body></html>'
    )
    page.eval_on_selector("svg", f"(svg) => {{svg.setAttribute('width', {size});svg.setAttribute('height', {size});}}")
    return Image.open(io.BytesIO(page.screenshot(omit_background=True))).convert("RGBA")


def save_png(image: Image.Image, path: Path, *, opaque: bool = False) -> None:
    if opaque:
        image = image.convert("RGB")
    image.save(path, optimize=True)
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


def main() -> None:
    svg = SOURCE.read_text()
    # Maskable: the drawing within the middle 80 % that every launcher's shape keeps.
    maskable = drawing_on_square(svg, scale=0.72)
    apple = drawing_on_square(svg, scale=0.86)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        save_png(render(page, svg, 192), IMG / "icon-192.png")
        save_png(render(page, svg, 512), IMG / "icon-512.png")
        save_png(render(page, maskable, 512), IMG / "icon-maskable-512.png", opaque=True)
        save_png(render(page, apple, 180), IMG / "apple-touch-icon.png", opaque=True)
        small = render(page, svg, 48)
        browser.close()
    favicon = ROOT / "static" / "root" / "favicon.ico"
    small.save(favicon, sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"wrote {favicon.relative_to(ROOT)} ({favicon.stat().st_size:,} bytes)")


if __name__ == "__main__":
    sys.exit(main())
