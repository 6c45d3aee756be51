import json
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def csp_violations(page):
    """Every Content-Security-Policy refusal the page reports; tests assert none."""
    refused = []
    page.on(
        "console",
        lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return refused


@pytest.fixture
def page(page, csp_violations):
    page.set_default_timeout(10_000)
    yield page
    assert csp_violations == [], csp_violations


@pytest.fixture
def no_js(browser, live_server, person):
    """A second page with JavaScript off, logged in as the test module's own `person`."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, person)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core on the page as it is now; any violation fails the test.

    axe is evaluated through the DevTools protocol rather than a <script> tag,
    so the app's strict CSP stays on while we check.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]
    assert problems == [], f"axe found problems on {page.url}:\n{json.dumps(problems, indent=2)}"


def assert_crisis_link(page) -> None:
    link = page.get_by_role("link", name="Need help now?")
    assert link.count() >= 1, f"no crisis link on {page.url}"
    # The person's own country page (/crisis/gb/), or the list of every country.
    assert re.fullmatch(r"/crisis/([a-z]{2}/)?", link.first.get_attribute("href") or "")
    assert link.first.is_visible()


# Resolves with the URL of the activated service worker whose URL ends with `version` once it controls the
# page, or false after `wait` ms.
_WORKER_IN_CONTROL = """async ([version, wait]) => {
  await navigator.serviceWorker.ready;
  const controller = () => navigator.serviceWorker.controller;
  const changed = () => new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true), {once: true});
  });
  const givenUp = () => new Promise((resolve) => setTimeout(() => resolve(false), wait));
  while (!controller() || !controller().scriptURL.endsWith(version)) {
    if (!(await Promise.race([changed(), givenUp()]))) return false;
  }
  // A new worker controls pages as soon as it is active; it has cleared the old caches once "activated".
  const worker = controller();
  while (worker.state !== "activated") {
    await new Promise((resolve) => worker.addEventListener("statechange", resolve, {once: true}));
  }
  return worker.scriptURL;
}"""


def worker_in_control(page, version: str = "") -> str:
    """The URL of the service worker (static/root/sw.js) controlling the page, once one does.

    A page that loaded while the first worker was still installing is never claimed: it is reloaded.
    """
    found = page.evaluate(_WORKER_IN_CONTROL, [version, 5_000])
    if not found:
        page.reload()
        found = page.evaluate(_WORKER_IN_CONTROL, [version, 20_000])
    assert found, f"no service worker {version} took control of {page.url}"
    return found


def open_more(win):
    """Open a win's "More" disclosure (a <details>), where its Edit, Delete and share buttons are; returns the win."""
    more = win.get_by_text("More", exact=True)
    if win.locator("details.win-more[open]").count() == 0:
        more.click()
    return win


def log_in(page, live_server, user, password: str | None = None) -> None:
    """Log in through the real form, as a person would."""
    from tests.factories import PASSWORD

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def open_add_details(page) -> None:
    """Open Today's "Add details", where category, mood, hard day, sharing, photo and date wait."""
    details = page.get_by_test_id("add-details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details.get_by_label("Category")).to_be_visible()


def choose_mood(scope, word: str) -> None:
    """Choose a mood by its face, in the "Mood" radio group."""
    scope.get_by_role("group", name="Mood").get_by_role("radio", name=word, exact=True).check()
