"""Crisis help by country in a real browser: accessible, without JavaScript, and the header link to your country."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in
from tests.factories import PASSWORD, make_user
from tests.helpers import confirmation_link

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/crisis/", "/crisis/gb/"])
def test_the_crisis_pages_are_accessible_on_a_phone_and_wide_in_light_and_dark(live_server, page, path):
    for width, height in ((390, 844), (1280, 800)):
        for scheme in ("light", "dark"):
            # Set before the page loads, so axe never sees colours half-way through a transition.
            page.set_viewport_size({"width": width, "height": height})
            page.emulate_media(color_scheme=scheme)
            page.goto(live_server.url + path)
            assert_crisis_link(page)
            assert_accessible(page)


def test_without_javascript_a_visitor_finds_the_uk_and_its_999_first(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/crisis/")
    page.get_by_role("link", name="United Kingdom").click()

    expect(page).to_have_url(live_server.url + "/crisis/gb/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("United Kingdom")
    first_call = page.locator("main a[href^='tel:']").first
    expect(first_call).to_have_attribute("href", "tel:999")
    expect(first_call).to_have_accessible_name("Call 999")
    expect(page.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    expect(page.get_by_role("link", name="Text SHOUT to 85258")).to_have_attribute("href", "sms:85258?&body=SHOUT")
    expect(page.get_by_text("911")).to_have_count(0)
    expect(page.get_by_role("link", name="Open your safety plan")).to_have_attribute("href", "/safety-plan/")
    context.close()


def test_someone_in_london_signs_up_and_need_help_now_opens_the_uk_page(live_server, browser, mailoutbox):
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/London")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    page.goto(live_server.url + confirmation_link(mailoutbox[-1]))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()

    help_link = page.get_by_role("link", name="Need help now?")
    expect(help_link).to_have_attribute("href", "/crisis/gb/")
    help_link.click()
    expect(page).to_have_url(live_server.url + "/crisis/gb/")
    expect(page.locator("main a[href^='tel:']").first).to_have_attribute("href", "tel:999")
    context.close()


def test_a_person_changes_their_country_by_keyboard_and_the_link_follows(live_server, page):
    person = make_user("ines@example.com", timezone="Europe/Dublin", country="gb")
    log_in(page, live_server, person)
    page.get_by_role("link", name="Account").click()
    country = page.get_by_label("Country for crisis help")
    expect(country).to_have_value("gb")
    assert_accessible(page)
    country.focus()
    country.select_option(label="Ireland")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Save settings").press("Enter")

    expect(page.get_by_role("link", name="Need help now?")).to_have_attribute("href", "/crisis/ie/")
    assert_crisis_link(page)
    page.get_by_role("link", name="Need help now?").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Ireland"))
    expect(page.locator("main a[href^='tel:']").first).to_have_attribute("href", "tel:112")
