"""The installable app's files: the manifest, the service worker, what it keeps, and the offline page."""

import io
import json
import re
import shutil

import pytest
from django.conf import settings
from PIL import Image

from offline import keys, shell
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

LEAD = "You're offline. Your crisis numbers still work, and wins you log now are kept on this device until you're back."


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def manifest_url(html: str) -> str:
    return re.search(r'<link rel="manifest" href="([^"]+)"', html).group(1)


def test_the_service_worker_is_javascript_at_the_root_checked_again_every_time(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "immutable" not in response["Cache-Control"]
    assert b'importScripts("/static/js/waiting-wins.js")' in body(response)


def test_the_strict_csp_stays_and_names_workers_and_the_manifest(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "unsafe" not in policy


def test_every_page_links_the_manifest_which_makes_the_app_installable(client, owner):
    pages = [client.get("/").content.decode(), client.get("/accounts/login/").content.decode()]
    client.force_login(owner)
    pages.append(client.get("/").content.decode())
    pages.append(client.get("/week/").content.decode())
    crisis = (settings.WHITENOISE_ROOT / "crisis" / "gb" / "index.html").read_text()
    assert manifest_url(crisis) == "/static/site.webmanifest"
    url = manifest_url(pages[0])
    assert all(manifest_url(page) == url for page in pages)

    response = client.get(url)
    manifest = json.loads(body(response))

    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["name"] == "Small Wins"
    assert manifest["short_name"]
    assert (manifest["start_url"], manifest["display"]) == ("/", "standalone")
    assert manifest["theme_color"] == "#0e6b62"
    assert manifest["background_color"] == "#faf7f2"
    icons = {(icon["sizes"], icon.get("purpose", "any")): icon["src"] for icon in manifest["icons"]}
    for size, purpose in (("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")):
        picture = Image.open(io.BytesIO(body(client.get(icons[size, purpose]))))
        assert f"{picture.width}x{picture.height}" == size


def test_the_worker_keeps_the_shell_every_crisis_page_and_the_offline_page(client):
    plan = client.get("/offline/assets.json").json()
    countries = [code.name for code in (settings.WHITENOISE_ROOT / "crisis").iterdir() if code.is_dir()]

    assert plan["version"] == shell.worker_plan()["version"]
    assert set(plan["pages"]) == {"/offline/", "/crisis/", *(f"/crisis/{code}/" for code in countries)}
    assert len(countries) >= 30
    names = {re.sub(r"\.[0-9a-f]{12}\.", ".", url) for url in plan["shell"]}
    for name in ["css/app.css", "js/app.js", "js/offline.js", "js/waiting-wins.js", "img/icon-192.png"]:
        assert f"/static/{name}" in names
    assert {"/static/django_htmx/htmx-2.min.js", "/static/site.webmanifest"} <= names
    for url in plan["shell"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "immutable" in response["Cache-Control"], "the hashed names the pages use"
    for page in plan["pages"]:
        assert client.get(page).status_code == 200, page
    assert plan["aliases"]["/static/css/app.css"] in plan["shell"]


def test_the_pages_use_exactly_the_files_the_worker_keeps(client, owner):
    client.force_login(owner)
    html = client.get("/").content.decode()
    kept = set(client.get("/offline/assets.json").json()["shell"])

    # An icon is the sprite's URL plus "#name"; the browser fetches the file without the fragment.
    used = {url.partition("#")[0] for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)}
    loaded_later = re.search(r'data-scripts="([^"]+)"', html).group(1).split()

    assert used and used <= kept
    assert len(loaded_later) == 2 and set(loaded_later) <= kept


def test_the_offline_page_is_the_same_for_everyone_with_no_name_or_token(client, owner):
    anonymous = client.get("/offline/").content.decode()
    client.force_login(owner)
    response = client.get("/offline/")
    html = response.content.decode()

    assert html == anonymous
    assert LEAD in text_of(response)
    assert 'href="/crisis/"' in html
    for secret in ["csrfmiddlewaretoken", "X-CSRFToken", owner.email, "Alice", keys.owner_id(owner)]:
        assert secret not in html
    assert "data-worker" not in html, "it is shown by the worker, and never registers one"


def test_a_logged_in_page_says_whose_wins_wait_here_but_never_the_email(client, owner):
    anonymous = client.get("/").content.decode()
    client.force_login(owner)
    html = client.get("/").content.decode()

    script = re.search(r'<script src="/static/js/offline\.[0-9a-f]+\.js"([^>]*)>', html).group(1)
    assert f'data-owner="{keys.owner_id(owner)}"' in script
    assert f'data-public-key="{keys.public_key(owner)}"' in script
    assert 'data-time-zone="Europe/London"' in script
    assert f'data-worker="/sw.js?v={shell.worker_plan()["version"]}"' in script
    assert owner.email not in script and owner.offline_secret not in html
    assert "data-owner" not in anonymous
    assert "data-worker" in anonymous


def test_quick_wins_say_what_they_log_for_a_win_kept_offline(owner_client):
    html = owner_client.get("/").content.decode()

    assert re.search(r'<form [^>]*data-quick-win data-win-text="[^"]+" data-win-category="[a-z-]+"', html)


def test_a_new_crisis_page_gives_the_worker_a_new_version(settings, tmp_path):
    before = shell.worker_plan()["version"]
    root = tmp_path / "root"
    shutil.copytree(settings.WHITENOISE_ROOT, root)
    settings.WHITENOISE_ROOT = root
    assert shell.worker_plan()["version"] == before

    page = root / "crisis" / "gb" / "index.html"
    page.write_text(page.read_text().replace("116 123", "116 124"))
    settings.WHITENOISE_ROOT = tmp_path / "root"  # tells the plan to look again

    assert shell.worker_plan()["version"] != before
