"""What the week page weighs on a first visit: its HTML and every file it loads, compressed as served."""

# Runs the brotli command-line tool on bytes we fetched ourselves:
# ruff: noqa: S607
import gzip
import html
import re
import shutil
import subprocess
from dataclasses import dataclass

from bench.visitor import Visitor


def _brotli_size(data: bytes) -> int | None:
    if shutil.which("brotli") is None:
        return None
    done = subprocess.run(["brotli", "-c", "-q", "11"], input=data, capture_output=True, check=True)
    return len(done.stdout)


@dataclass
class Asset:
    name: str
    raw: int
    gzip: int  # bytes on the wire when the browser accepts gzip only (the HTML: gzip -6, as a proxy sends it)
    brotli_served: int | None  # bytes on the wire when it also accepts br, if brotli is what comes back
    brotli_possible: int | None  # brotli -q 11 of the same bytes (WhiteNoise's level, with the brotli package)
    cache_control: str

    @property
    def best_served(self) -> int:
        return min(self.gzip, self.brotli_served or self.gzip)


def weigh_page(base: str, visitor: Visitor, path: str) -> list[Asset]:
    """The page's HTML plus every stylesheet, script, font and icon it loads, compressed."""
    status, _headers, page = visitor.get(base, path, **{"Accept-Encoding": "identity"})
    if status != 200:
        raise SystemExit(f"{path} answered {status}; cannot weigh it")
    # Django sends HTML uncompressed (a proxy in front compresses it): count what gzip -6 would send.
    html_gzip = len(gzip.compress(page, 6))
    assets = [Asset(f"{path} (HTML)", len(page), html_gzip, None, _brotli_size(page), "no-store")]
    text = page.decode()
    urls = re.findall(r'<script[^>]+src="([^"]+)"', text)
    urls += re.findall(r'<link[^>]+rel="(?:stylesheet|icon|preload)"[^>]+href="([^"]+)"', text)
    urls += re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="(?:stylesheet|icon|preload)"', text)
    # The icon sprite, once for all the icons that draw from it (the fonts come as preloads).
    urls += [url.split("#")[0] for url in re.findall(r'<use href="([^"]+)"', text)]
    for url in dict.fromkeys(html.unescape(u) for u in urls):
        _status, _headers, plain = visitor.get(base, url, **{"Accept-Encoding": "identity"})
        _status, headers, packed = visitor.get(base, url, **{"Accept-Encoding": "gzip"})
        _status, br_headers, br = visitor.get(base, url, **{"Accept-Encoding": "br, gzip"})
        on_wire = len(packed) if headers.get("Content-Encoding") == "gzip" else len(plain)
        brotli_served = len(br) if br_headers.get("Content-Encoding") == "br" else None
        assets.append(
            Asset(url, len(plain), on_wire, brotli_served, _brotli_size(plain), headers.get("Cache-Control", ""))
        )
    return assets
