"""What the service worker (static/root/sw.js) keeps for offline use, and its version.

The worker keeps three things and nothing else: the app shell (our CSS, scripts, typeface, icons and
the web app manifest, by the hashed names the pages use), the static crisis pages of every country,
and the offline page. None of them holds a word of anyone's journal: pages and answers with journal
text are never cached (sw.js only ever stores the URLs listed here and other files under /static/).

The list is made here from the static files' manifest, so it can never disagree with the pages and
needs no build step: sw.js fetches it from /offline/assets.json when it installs. The version goes
into the worker's URL (/sw.js?v=…) on every page, so a deploy that changes any of it installs a
new worker on the next page view, which replaces the old caches.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string

from . import words
from .forms import OfflineWinForm

STATIC_SOURCE = Path(settings.BASE_DIR) / "static"
SHELL_FOLDERS = ("css", "js", "img", "fonts")
SHELL_SUFFIXES = {".css", ".js", ".svg", ".png", ".ico", ".woff2", ".webmanifest"}
# Files the pages use that live outside our folders.
SHELL_EXTRAS = ("site.webmanifest", "django_htmx/htmx-2.min.js")
# The worker imports these at start (importScripts, with /sw-push.js), so their bytes are part of its version.
WORKER_IMPORTS = ("js/waiting-wins.js",)
OFFLINE_URL = "/offline/"


def _shell_names() -> list[str]:
    names = set(SHELL_EXTRAS)
    for folder in SHELL_FOLDERS:
        for path in (STATIC_SOURCE / folder).rglob("*"):
            if path.is_file() and path.suffix in SHELL_SUFFIXES:
                names.add(path.relative_to(STATIC_SOURCE).as_posix())
    return sorted(names)


def _url(name: str) -> str | None:
    try:
        return staticfiles_storage.url(name)
    except ValueError:  # not collected: a file added since the last collectstatic
        return None


def crisis_pages() -> list[str]:
    root = Path(settings.WHITENOISE_ROOT)
    return sorted("/" + path.parent.relative_to(root).as_posix() + "/" for path in root.glob("crisis/**/index.html"))


def offline_page() -> str:
    """The offline page, the same for everyone: no name, no token, nothing of anyone's journal."""
    return render_to_string("offline/offline.html", {"form": OfflineWinForm(), "words": words})


def _plan() -> dict:
    shell, aliases = [], {}
    for name in _shell_names():
        url = _url(name)
        if url is None:
            continue
        shell.append(url)
        plain = settings.STATIC_URL + name
        if url != plain:
            # The crisis pages and the manifest name files without a hash; the worker answers
            # them from the hashed copy it keeps.
            aliases[plain] = url
    return {"shell": shell, "pages": [OFFLINE_URL, *crisis_pages()], "aliases": aliases}


def _version(plan: dict) -> str:
    digest = hashlib.sha256(json.dumps(plan, sort_keys=True).encode())
    root = Path(settings.WHITENOISE_ROOT)
    for path in [root / "sw.js", root / "sw-push.js", *(STATIC_SOURCE / name for name in WORKER_IMPORTS)]:
        digest.update(path.read_bytes())
    for url in plan["pages"]:
        page = offline_page() if url == OFFLINE_URL else (root / url.strip("/") / "index.html").read_text()
        digest.update(page.encode())
    return digest.hexdigest()[:16]


def _build() -> dict:
    plan = _plan()
    return {"version": _version(plan), **plan}


_cached = functools.cache(_build)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in {"STORAGES", "STATIC_URL", "WHITENOISE_ROOT", "DEBUG"}:
        _cached.cache_clear()


def worker_plan() -> dict:
    """{version, shell: [URL], pages: [URL], aliases: {plain URL: hashed URL}}."""
    # Files don't change under a running server, except in development.
    return _build() if settings.DEBUG else _cached()


def worker_url() -> str:
    return f"/sw.js?v={worker_plan()['version']}"
