"""Our look in a real browser: the typeface and the icons load under the strict CSP, in light and dark."""

import pytest

from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in
from tests.factories import make_user, make_win

pytestmark = pytest.mark.django_db(transaction=True)

FONT = "Atkinson Hyperlegible Next"

# Every icon's <use> has found its drawing in the sprite: the sprite loaded and holds that name.
ICONS_DRAWN = """() => {
  const uses = [...document.querySelectorAll('svg.icon use')];
  return uses.length > 0 && uses.every((use) => use.getBBox().width > 0);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_the_week_shows_our_typeface_and_icons_beside_words_and_passes_axe(browser, live_server, scheme, viewport):
    person = make_user("iris@example.com")
    make_win(person, "Watered the plants", mood=4)
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    page = context.new_page()
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    log_in(page, live_server, person)
    page.goto(live_server.url + "/week/")

    page.wait_for_function(ICONS_DRAWN)
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert body_font.startswith(f'"{FONT}"')
    loaded = page.evaluate("() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.weight)")
    assert sorted(loaded) == ["400", "700"]

    for svg in page.locator("svg.icon").all():
        assert svg.get_attribute("aria-hidden") == "true"
        # Beside words, never instead of them: whatever holds the icon has a name of its own.
        assert svg.evaluate("(el) => el.parentElement.textContent.trim().length > 0")
    assert_crisis_link(page)
    assert_accessible(page)
    assert refused == []
    context.close()


def test_the_app_icons_and_manifest_load_in_the_browser(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    for rel in ("icon", "apple-touch-icon", "manifest"):
        href = page.locator(f'link[rel="{rel}"]').get_attribute("href")
        response = page.request.get(live_server.url + href)
        assert response.ok, href
    assert page.evaluate("() => document.querySelector('link[rel=manifest]').href").endswith(".webmanifest")
