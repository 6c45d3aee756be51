"""Pictures of the product: the main pages with the demo journal, on a phone and a laptop, light and dark.

    make screenshots            (SCREENSHOTS_ARGS="--pages today week" for some pages only)

Seeds the demo journal (manage.py seed_demo: it puts the demo account back as it was and touches
nothing else in the database), serves the app with gunicorn on a port of its own, logs in as the
demo person in Chromium and writes docs/screenshots/<page>-<phone|laptop>-<light|dark>.png: the
first screen of each page, as a person sees it on opening it. The PNGs are reduced to 256 colours
so they stay small enough to commit.
"""

import argparse
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402 (after the settings module is named)

django.setup()

from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from journal.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = {
    "today": "/",
    "week": "/week/",
    "year": "/year/",
    "look-back": "/look-back/",
    "allies": "/allies/",
    "account": "/account/",
    "crisis": "/crisis/",
}
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "laptop": {"viewport": {"width": 1280, "height": 900}},
}
SCHEMES = ("light", "dark")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as `make run` starts it, on a free port, for as long as the pictures take."""

    def __init__(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = ROOT / "var" / "screenshots-gunicorn.log"

    def __enter__(self):
        self.log.parent.mkdir(exist_ok=True)
        env = {**os.environ, "PORT": str(self.port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        for _ in range(120):
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start-up; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):  # noqa: S310 (our own http URL)
                    return self
            except OSError:
                time.sleep(0.5)
        self.process.terminate()
        raise SystemExit(f"gunicorn did not answer within a minute; see {self.log}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def log_in(browser, base: str) -> dict:
    """The demo person's signed-in browser state, to open every other context with."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    state = context.storage_state()
    context.close()
    return state


def save_small(png: bytes, path: Path) -> int:
    """A screenshot in at most 256 colours: a third of the bytes, and the text still crisp."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", choices=sorted(PAGES), default=list(PAGES))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    call_command("seed_demo", verbosity=0)
    with Server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        state = log_in(browser, server.base)
        total = 0
        for device, options in DEVICES.items():
            for scheme in SCHEMES:
                context = browser.new_context(storage_state=state, color_scheme=scheme, **options)
                page = context.new_page()
                for name in args.pages:
                    page.goto(server.base + PAGES[name])
                    page.evaluate("document.fonts.ready")
                    path = args.out / f"{name}-{device}-{scheme}.png"
                    size = save_small(page.screenshot(), path)
                    total += size
                    print(f"wrote {path} ({size:,} bytes)")
                context.close()
        browser.close()
    print(f"{total:,} bytes in all")


if __name__ == "__main__":
    main()
