"""My safety plan in a real browser: written as a person would, with and without JavaScript, by keyboard, on paper."""

import re
import time

import pytest
from playwright.sync_api import expect

from allies.models import AllyLink
from journal.models import SafetyPlan
from journal.views import safety_plan as safety_plan_views
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in
from tests.factories import make_ally_link, make_user

pytestmark = pytest.mark.django_db(transaction=True)

HEADINGS = [
    "My warning signs",
    "Things I can do on my own",
    "People and places that help me",
    "People I can ask for help",
    "Professionals and services",
    "Making my surroundings safer",
    "My reasons for living",
]


@pytest.fixture
def person(db):
    return make_user("robin@example.com", display_name="Robin", country="gb")


def step(page, heading: str):
    return page.locator("section.plan-step").filter(has=page.get_by_role("heading", name=heading, exact=True))


def write_first_person(page, live_server, person, *, phone: str):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/safety-plan/")
    people = step(page, "People I can ask for help")
    people.get_by_label("Name").first.fill("Sam")
    people.get_by_label("Phone").first.fill(phone)
    return people


def test_writing_a_plan_saves_as_you_type_and_offers_the_crisis_line_in_one_tap(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Open my safety plan").click()
    expect(page.get_by_role("heading", name="My safety plan", level=1)).to_be_visible()
    for heading in HEADINGS:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("Save my plan", exact=True)).to_have_count(1)
    assert_crisis_link(page)
    assert_accessible(page)

    page.get_by_label("My warning signs, one per line").fill("Not sleeping\nSkipping meals")
    expect(page.locator("#plan-status")).to_contain_text("Saved at")
    people = step(page, "People I can ask for help")
    people.get_by_label("Name").first.fill("Sam")
    people.get_by_label("Phone").first.fill("07700 900123")
    page.get_by_label("My reasons for living, one per line").fill("My cat")

    page.get_by_role("button", name="Add Samaritans (116 123)").click()
    services = step(page, "Professionals and services")
    expect(services.get_by_label("Name").first).to_have_value("Samaritans")
    expect(page.get_by_role("button", name="Add Samaritans (116 123)")).to_have_count(0)
    calls = page.get_by_role("region", name="Call in one tap")
    expect(calls.get_by_role("link", name="Call Sam", exact=True)).to_have_attribute("href", "tel:07700900123")
    expect(calls.get_by_role("link", name="Call Samaritans")).to_have_attribute("href", "tel:116123")
    expect(calls.get_by_role("link", name="Emergency: call 999")).to_have_attribute("href", "tel:999")
    assert_accessible(page)

    page.reload()
    expect(page.get_by_label("My warning signs, one per line")).to_have_value("Not sleeping\nSkipping meals")
    plan = SafetyPlan.objects.get(owner=person)
    assert plan.ask_for_help == [{"name": "Sam", "phone": "07700 900123"}]
    assert plan.professionals == [{"name": "Samaritans", "phone": "116 123"}]
    assert plan.reasons == ["My cat"]


def test_a_phone_with_letters_gets_a_kind_word_in_the_status_and_keeps_its_words(page, live_server, person):
    people = write_first_person(page, live_server, person, phone="ring Sam")
    expect(page.locator("#plan-status")).to_contain_text("Not saved yet: Write the number with digits")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.locator("#plan-status")).to_contain_text("Not saved yet")
    expect(people.get_by_label("Phone").first).to_have_value("ring Sam")
    assert not SafetyPlan.objects.filter(owner=person).exists()


def test_by_keyboard_alone(page, live_server, person):
    log_in(page, live_server, person)
    page.goto(live_server.url + "/safety-plan/")
    page.get_by_label("My warning signs, one per line").focus()
    page.keyboard.type("Pacing at night")
    page.keyboard.press("Tab")
    page.keyboard.type("Cold water on my face")
    add = page.get_by_role("button", name="Add another person")
    add.focus()
    page.keyboard.press("Enter")
    # The new, fourth row has the cursor: its name can be typed straight away.
    expect(page.locator("[name='ask_for_help-3-name']")).to_be_focused()
    page.keyboard.type("Alex")
    page.keyboard.press("Tab")
    page.keyboard.type("07700 900999")
    page.get_by_role("button", name="Save my plan").focus()
    with page.expect_response(lambda r: r.url.endswith("/safety-plan/") and r.request.method == "POST") as saved:
        page.keyboard.press("Enter")
    assert saved.value.status == 200
    page.reload()
    expect(page.locator("[name='ask_for_help-0-name']")).to_have_value("Alex")
    plan = SafetyPlan.objects.get(owner=person)
    assert plan.warning_signs == ["Pacing at night"] and plan.on_my_own == ["Cold water on my face"]
    assert plan.ask_for_help == [{"name": "Alex", "phone": "07700 900999"}]


def test_a_slow_answer_never_takes_the_words_or_the_cursor(page, live_server, person, monkeypatch):
    """Replays a slow phone line: the autosave leaves while "Add another person" has the focus, and the
    person types the new row while the answers are still on their way."""
    save = safety_plan_views._save
    sent = []

    def slow_save(request):
        sent.append(dict(request.POST.items()))
        time.sleep(0.8)
        return save(request)

    monkeypatch.setattr(safety_plan_views, "_save", slow_save)
    log_in(page, live_server, person)
    page.goto(live_server.url + "/safety-plan/")
    page.get_by_label("My warning signs, one per line").focus()
    page.keyboard.type("Pacing at night")
    page.get_by_role("button", name="Add another person").focus()
    page.wait_for_timeout(1200)  # the autosave leaves now, with the button focused
    page.keyboard.press("Enter")
    expect(page.locator("[name='ask_for_help-3-name']")).to_be_focused()
    page.keyboard.type("Alex", delay=120)
    page.keyboard.press("Tab")
    page.keyboard.type("07700 900999", delay=120)
    page.wait_for_timeout(2500)  # every answer has landed
    assert "more" not in sent[0], "the autosave asked for a row nobody asked for"
    expect(page.locator("[name='ask_for_help-3-phone']")).to_be_focused()
    expect(page.locator("[name='ask_for_help-3-name']")).to_have_value("Alex")
    expect(page.locator("[name='ask_for_help-3-phone']")).to_have_value("07700 900999")
    expect(step(page, "People I can ask for help").get_by_label("Name")).to_have_count(4)
    page.get_by_role("button", name="Save my plan").click()
    expect(page.locator("#plan-status")).to_contain_text("Saved at")
    page.wait_for_timeout(1000)
    assert SafetyPlan.objects.get(owner=person).ask_for_help == [{"name": "Alex", "phone": "07700 900999"}]


def test_enter_in_a_field_saves_the_plan_and_adds_no_row(page, live_server, person):
    people = write_first_person(page, live_server, person, phone="07700 900123")
    with page.expect_response(lambda r: r.url.endswith("/safety-plan/") and r.request.method == "POST") as saved:
        people.get_by_label("Phone").first.press("Enter")
    assert "more=" not in (saved.value.request.post_data or "")
    expect(people.get_by_label("Name")).to_have_count(3)
    expect(people.get_by_label("Phone").first).to_be_focused()
    expect(page.locator("#plan-status")).to_contain_text("Saved at")
    assert SafetyPlan.objects.get(owner=person).ask_for_help == [{"name": "Sam", "phone": "07700 900123"}]


def test_without_javascript(no_js, live_server, person):
    page = no_js
    page.goto(live_server.url + "/safety-plan/")
    page.get_by_label("Things I can do on my own, one per line").fill("A walk\nMy playlist")
    people = step(page, "People I can ask for help")
    people.get_by_label("Name").first.fill("Sam")
    people.get_by_label("Phone").first.fill("07700 900123")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Your safety plan is saved.")).to_be_visible()
    expect(page.get_by_label("Things I can do on my own, one per line")).to_have_value("A walk\nMy playlist")
    expect(page.get_by_role("link", name="Call Sam", exact=True)).to_have_attribute("href", "tel:07700900123")

    page.get_by_role("button", name="Add another person").click()
    expect(page).to_have_url(re.compile(r"/safety-plan/\?more=ask_for_help#step-ask_for_help$"))
    expect(step(page, "People I can ask for help").get_by_label("Name")).to_have_count(4)

    page.get_by_role("button", name="Add Samaritans (116 123)").click()
    expect(page.get_by_text("Added Samaritans to your plan.")).to_be_visible()

    people = step(page, "People I can ask for help")
    people.get_by_label("Phone").nth(1).fill("not a number")
    page.get_by_label("My reasons for living, one per line").fill("The sea")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Write the number with digits, like 07700 900123.")).to_be_visible()
    expect(page.get_by_label("My reasons for living, one per line")).to_have_value("The sea")
    expect(people.get_by_label("Phone").nth(1)).to_have_value("not a number")


def test_printed_it_fits_on_one_page(page, live_server, person):
    SafetyPlan.objects.create(
        owner=person,
        warning_signs=["Not sleeping for two nights", "Skipping meals", "Pulling away from friends", "Racing thoughts"],
        on_my_own=["A hot shower", "My playlist of calm songs", "Walk round the block", "Cold water on my face"],
        people_places=["Mum's kitchen", "The library", "The park by the river", "Jo's sofa"],
        ask_for_help=[
            {"name": "Sam", "phone": "07700 900123"},
            {"name": "Mum", "phone": "07700 900456"},
            {"name": "Jo", "phone": "07700 900789"},
        ],
        professionals=[
            {"name": "Dr Rao (GP)", "phone": "020 7946 0000"},
            {"name": "Samaritans", "phone": "116 123"},
            {"name": "Crisis team", "phone": "020 7946 0999"},
        ],
        safer_surroundings=["Give my tablets to Sam to keep", "Stay at Mum's when it's bad"],
        reasons=["My cat, Biscuit", "Seeing the sea again", "My sister's wedding in June", "Getting better"],
    )
    log_in(page, live_server, person)
    page.goto(live_server.url + "/safety-plan/")
    page.emulate_media(media="print")
    copy = page.get_by_test_id("safety-plan-view")
    expect(copy).to_be_visible()
    expect(copy.get_by_role("heading", name="My reasons for living")).to_be_visible()
    expect(page.locator("#plan-form")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_an_ally_sees_it_only_once_ticked(page, browser, live_server, person):
    ally = make_user("sam@example.com", display_name="Sam")
    link = make_ally_link(person, ally)
    SafetyPlan.objects.create(owner=person, reasons=["My cat, Biscuit"], ask_for_help=[{"name": "Jo", "phone": "0770"}])

    other = browser.new_context().new_page()
    log_in(other, live_server, ally)
    other.goto(live_server.url + f"/allies/{link.code}/")
    expect(other.get_by_text("My cat, Biscuit")).to_have_count(0)

    log_in(page, live_server, person)
    page.goto(live_server.url + "/allies/")
    page.get_by_test_id("ally").get_by_label("Let my allies see my safety plan").check()
    page.get_by_test_id("ally").get_by_role("button", name="Save").click()
    expect(page.get_by_text("and your safety plan")).to_be_visible()
    assert AllyLink.objects.get(pk=link.pk).sees_safety_plan
    assert_accessible(page)

    other.reload()
    plan = other.get_by_test_id("ally-safety-plan")
    expect(plan.get_by_role("heading", name="Robin's safety plan")).to_be_visible()
    expect(plan.get_by_text("My cat, Biscuit")).to_be_visible()
    expect(plan.get_by_role("textbox")).to_have_count(0)
    assert_accessible(other)
    other.context.close()
