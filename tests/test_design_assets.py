"""Our look: the self-hosted typeface, the icon sprite and {% icon %}, the favicon and app icons."""

import json
import os
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template, TemplateSyntaxError
from django.templatetags.static import static

from config.icons import ICONS, SPRITE
from tests.factories import make_win
from tools import assets

pytestmark = pytest.mark.django_db

FONTS = [f"fonts/{assets.font_file(weight)}" for weight in assets.FONT_WEIGHTS]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", [*FONTS, SPRITE, "img/icon.svg", "img/apple-touch-icon.png"])
def test_the_typeface_and_the_icons_are_served_from_hashed_names_cached_for_good(client, name):
    url = static(name)
    assert url != f"/static/{name}"
    response = client.get(url)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]


def test_the_fonts_are_woff2_and_the_sprite_is_svg(client):
    for name in FONTS:
        response = client.get(static(name))
        assert response["Content-Type"] == "font/woff2"
        assert body(response)[:4] == b"wOF2"
    assert client.get(static(SPRITE))["Content-Type"].startswith("image/svg+xml")


def test_the_served_stylesheet_swaps_in_both_faces_from_their_hashed_names(client):
    css = body(client.get(static("css/app.css"))).decode()
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    assert len(faces) == 2
    for face, name in zip(faces, FONTS, strict=True):
        assert "font-display: swap" in face
        assert f'url("..{static(name).removeprefix("/static")}")' in face
    assert '--font: "Atkinson Hyperlegible Next",' in css


def test_the_policy_lets_fonts_come_from_our_own_site_only(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "font-src 'self'" in policy
    assert "img-src 'self' data:" in policy


def test_every_page_preloads_the_typeface_it_uses(client):
    html = client.get("/accounts/login/").content.decode()
    for name in FONTS:
        assert f'<link rel="preload" href="{static(name)}" as="font" type="font/woff2" crossorigin>' in html


# ---- The icon set ---------------------------------------------------------------------


def test_the_icon_tag_draws_the_named_symbol_hidden_from_assistive_technology():
    html = Template('{% load icons %}<a href="/week/">{% icon "week" %} Week</a>').render(Context())
    assert html == (
        '<a href="/week/"><svg class="icon" aria-hidden="true" focusable="false" width="20" height="20">'
        f'<use href="{static(SPRITE)}#week"></use></svg> Week</a>'
    )


def test_the_icon_tag_takes_an_extra_class():
    html = Template('{% load icons %}{% icon "week" "nav-icon" %}').render(Context())
    assert html.startswith('<svg class="icon nav-icon" aria-hidden="true"')


def test_the_icon_tag_follows_a_change_of_static_storage(settings):
    Template('{% load icons %}{% icon "week" %}').render(Context())
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    html = Template('{% load icons %}{% icon "week" %}').render(Context())
    assert '<use href="/static/img/icons.svg#week">' in html


def test_an_icon_name_outside_the_set_is_a_clear_error_not_an_empty_picture():
    with pytest.raises(TemplateSyntaxError, match="no icon named 'sparkles'"):
        Template('{% load icons %}{% icon "sparkles" %}').render(Context())


def test_the_sprite_holds_exactly_the_icons_the_tag_knows():
    sprite = Path(finders.find(SPRITE)).read_text()
    assert sorted(re.findall(r'<symbol id="([^"]+)"', sprite)) == sorted(ICONS)
    assert not re.search(r"<script|\son\w+=", sprite), "the sprite is drawings only"


def test_the_committed_assets_are_what_make_assets_builds_from_the_npm_packages():
    if not assets.LUCIDE_PACKAGE.is_dir() or not assets.FONT_PACKAGE.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node_modules is missing: make test installs it (npm ci)")
        pytest.skip("node_modules is not installed here")
    drifted = [str(path.relative_to(assets.ROOT)) for path, data in assets.built().items() if path.read_bytes() != data]
    assert drifted == [], "run `make assets` and commit the result"


# ---- Favicon and app icons ---------------------------------------------------------------


def head_icons(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"', html))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ],
)
def test_a_signed_out_page_names_its_favicon_app_icon_and_manifest(client, url):
    html = client.get(url).content.decode()
    assert head_icons(html) == {
        "icon": static("img/icon.svg"),
        "apple-touch-icon": static("img/apple-touch-icon.png"),
        "manifest": static("site.webmanifest"),
    }


@pytest.mark.parametrize(
    "url", ["/", "/week/", "/wins/", "/look-back/", "/year/", "/report/", "/goals/", "/allies/", "/account/"]
)
def test_every_journal_page_names_its_favicon_app_icon_and_manifest(owner_client, owner, url):
    make_win(owner)
    response = owner_client.get(url, follow=True)
    assert response.status_code == 200
    assert set(head_icons(response.content.decode())) == {"icon", "apple-touch-icon", "manifest"}


@pytest.mark.parametrize("url", ["/crisis/", "/crisis/gb/"])
def test_the_static_crisis_pages_name_the_favicon_too(client, url):
    html = body(client.get(url)).decode()
    assert set(head_icons(html)) == {"icon", "apple-touch-icon", "manifest"}


def test_the_manifest_points_at_app_icons_that_are_served_in_their_sizes(client):
    manifest = json.loads(body(client.get(static("site.webmanifest"))))
    assert manifest["start_url"] == "/"
    sizes = {}
    for entry in manifest["icons"]:
        response = client.get(entry["src"])
        assert response.status_code == 200, entry["src"]
        assert response["Content-Type"] == entry["type"]
        sizes[entry["sizes"], entry["purpose"]] = body(response)
    for size in (192, 512):
        png = sizes[f"{size}x{size}", "any"]
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20]) == size and int.from_bytes(png[20:24]) == size
    assert ("512x512", "maskable") in sizes


def test_favicon_ico_answers_at_the_site_root_for_tools_that_ask_there(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert body(response)[:4] == b"\x00\x00\x01\x00"


def test_every_icon_in_the_set_is_used_by_a_template():
    # Each icon in the sprite is part of every first visit: one that no page draws is weight for nothing.
    templates = "".join(path.read_text() for path in (assets.ROOT / "templates").rglob("*.html"))
    unused = [name for name in ICONS if f'{{% icon "{name}"' not in templates]
    assert unused == []
