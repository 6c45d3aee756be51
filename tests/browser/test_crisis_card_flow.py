"""The crisis card in a real browser: after a win on Today, in the weekly reflection, after an ally's note."""

import pytest
from playwright.sync_api import expect

from journal.models import Reflection, Win
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import make_ally_link, make_user

pytestmark = pytest.mark.django_db(transaction=True)

CRISIS_WORDS = "It sounds like things are really hard right now. You don't have to carry this alone."
WARM_WORDS = "That took strength. Your crisis numbers are here if you need them."


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin", country="gb")


def log_a_win(page, text: str) -> None:
    page.get_by_label("Today I").fill(text)
    page.get_by_role("button", name="Log win").click()
    expect(page.get_by_label("Today I")).to_have_value("")


def test_a_win_in_words_of_crisis_shows_the_calm_card_by_the_kind_word(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")
    log_a_win(page, "Made tea")
    expect(page.get_by_test_id("crisis-card")).to_have_count(0)

    log_a_win(page, "I want to end my life")
    card = page.get_by_test_id("crisis-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(CRISIS_WORDS)
    expect(card.get_by_role("link", name="Emergency: call 999")).to_have_attribute("href", "tel:999")
    expect(card.get_by_role("link", name="Call Samaritans, 116 123")).to_have_attribute("href", "tel:116123")
    expect(card.get_by_role("link", name="More help in United Kingdom")).to_have_attribute("href", "/crisis/gb/")
    expect(page.get_by_test_id("win").filter(has_text="I want to end my life")).to_have_count(1)
    assert_accessible(page)

    # By keyboard, the card's safety plan link leads to the plan.
    card.get_by_role("link", name="My safety plan").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My safety plan", level=1)).to_be_visible()


def test_words_of_resisting_show_the_warm_card_and_everyday_words_none(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/")
    log_a_win(page, "This traffic is killing me")
    expect(page.get_by_test_id("crisis-card")).to_have_count(0)
    log_a_win(page, "30 days without self-harm")
    expect(page.get_by_test_id("crisis-card")).to_contain_text(WARM_WORDS)
    assert_accessible(page)


def test_the_weekly_reflection_shows_it_once_as_you_type(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/week/")
    page.get_by_label("What helped?").fill("Honestly nothing. I feel suicidal.")
    reflection = page.locator("#reflection")
    expect(reflection.get_by_test_id("crisis-card")).to_contain_text(CRISIS_WORDS)
    assert_accessible(page)
    page.get_by_label("What helped?").fill("Honestly nothing. I feel suicidal. Tea helped a bit.")
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    expect(page.get_by_test_id("crisis-card")).to_have_count(1)
    assert Reflection.objects.get(owner=person).what_helped.startswith("Honestly nothing")


def test_without_javascript_the_card_comes_after_the_redirect(no_js, live_server, person):
    page = no_js
    page.goto(live_server.url + "/")
    page.get_by_label("Today I").fill("I hurt myself again last night")
    page.get_by_role("button", name="Log win").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_test_id("crisis-card")).to_contain_text(CRISIS_WORDS)
    assert Win.objects.get(owner=person).text == "I hurt myself again last night"
    page.reload()
    expect(page.get_by_test_id("crisis-card")).to_have_count(0)

    page.goto(live_server.url + "/week/")
    page.get_by_label("What helped?").fill("I want to die")
    page.get_by_role("button", name="Save reflection").click()
    expect(page.locator("#reflection").get_by_test_id("crisis-card")).to_be_visible()


def test_an_allys_note_shows_the_card_to_the_ally_not_the_owner(page, browser, live_server, person):
    ally = make_user("sam@example.com", display_name="Sam")
    link = make_ally_link(person, ally)
    log_in(page, live_server, ally)
    page.goto(live_server.url + f"/allies/{link.code}/")
    page.get_by_label("What I've noticed").fill("Some days I want to die too, you're not alone")
    page.get_by_role("button", name="Leave note").click()
    card = page.get_by_test_id("crisis-card")
    expect(card).to_contain_text(CRISIS_WORDS)
    # Sam has not chosen a country: the card says so kindly and offers every country's help.
    expect(card.get_by_role("link", name="Find help in your country")).to_have_attribute("href", "/crisis/")
    assert_accessible(page)

    owner_page = browser.new_context().new_page()
    log_in(owner_page, live_server, person)
    owner_page.goto(live_server.url + "/week/")
    expect(owner_page.get_by_text("Some days I want to die too, you're not alone")).to_be_visible()
    expect(owner_page.get_by_test_id("crisis-card")).to_have_count(0)
    owner_page.context.close()
