"""My safety plan (/safety-plan/): seven lists in the person's words, saved as typed or with the button."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from journal.forms_safety_plan import writer_token
from journal.models import SAFETY_PLAN_ITEM_MAX, SafetyPlan
from tests.factories import PASSWORD, make_user
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

URL = "/safety-plan/"
HTMX = {"HTTP_HX_REQUEST": "true"}
HEADINGS = [
    "My warning signs",
    "Things I can do on my own",
    "People and places that help me",
    "People I can ask for help",
    "Professionals and services",
    "Making my surroundings safer",
    "My reasons for living",
]


def plan_data(**fields) -> dict:
    data = {
        "warning_signs": "Not sleeping\nSkipping meals",
        "on_my_own": "A hot shower\nMy playlist",
        "people_places": "Mum's kitchen\nThe park",
        "ask_for_help-0-name": "Sam",
        "ask_for_help-0-phone": "07700 900123",
        "professionals-0-name": "Dr Rao",
        "professionals-0-phone": "+44 20 7946 0000",
        "safer_surroundings": "Give my pills to Sam to keep",
        "reasons": "My cat\nSeeing the sea again",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def gb_owner(owner):
    owner.country = "gb"
    owner.save(update_fields=["country"])
    return owner


def test_the_page_has_the_seven_headings_in_order_and_the_save_button(owner_client):
    page = text_of(owner_client.get(URL))
    found = re.findall(r"<h2 id=\"step-[a-z_]+-heading\">([^<]+)</h2>", page)
    assert found == HEADINGS
    assert re.search(r'<button type="submit" class="button-primary">Save my plan</button>', page)
    assert "<h1>My safety plan</h1>" in page


def test_saving_without_javascript_keeps_every_list_in_the_persons_words(owner_client, owner):
    response = owner_client.post(URL, plan_data())
    assert response.status_code == 302 and response["Location"] == URL
    plan = SafetyPlan.objects.get(owner=owner)
    assert plan.warning_signs == ["Not sleeping", "Skipping meals"]
    assert plan.ask_for_help == [{"name": "Sam", "phone": "07700 900123"}]
    assert plan.professionals == [{"name": "Dr Rao", "phone": "+44 20 7946 0000"}]
    assert plan.reasons == ["My cat", "Seeing the sea again"]
    page = text_of(owner_client.get(URL))
    assert "Your safety plan is saved." in page
    assert "Not sleeping\nSkipping meals</textarea>" in page


def test_an_htmx_save_answers_the_status_the_numbers_and_the_printable_copy(owner_client, owner):
    response = owner_client.post(URL, plan_data(), **HTMX)
    assert response.status_code == 200
    body = text_of(response)
    assert body.strip().startswith("Saved at ")
    assert re.search(r'<section id="plan-calls"[^>]* hx-swap-oob="true">', body)
    assert '<a href="tel:07700900123">Call Sam</a>' in body
    assert 'id="plan-print" class="print-only" hx-swap-oob="true"' in body
    assert "<li>Seeing the sea again</li>" in body
    assert SafetyPlan.objects.get(owner=owner).on_my_own == ["A hot shower", "My playlist"]


def test_people_and_services_are_tel_links_on_the_page(owner_client):
    owner_client.post(URL, plan_data())
    page = text_of(owner_client.get(URL))
    assert '<a href="tel:07700900123">Call Sam</a>' in page
    assert '<a href="tel:+442079460000">Call Dr Rao</a>' in page
    assert '<li>Sam <a href="tel:07700900123">07700 900123</a></li>' in page  # the printable copy


def test_blank_lines_and_empty_rows_are_left_out(owner_client, owner):
    owner_client.post(URL, plan_data(warning_signs="\n  Not sleeping  \n\n", **{"ask_for_help-1-name": " "}))
    plan = SafetyPlan.objects.get(owner=owner)
    assert plan.warning_signs == ["Not sleeping"]
    assert plan.ask_for_help == [{"name": "Sam", "phone": "07700 900123"}]


class TestKindMessagesKeepTheWords:
    def test_too_many_lines_get_a_kind_message_and_every_line_stays(self, owner_client, owner):
        many = "\n".join(f"Sign {n}" for n in range(1, 13))
        response = owner_client.post(URL, plan_data(warning_signs=many))
        page = text_of(response)
        assert response.status_code == 200
        assert "That's a lot to hold in a hard moment. Please keep it to 10 lines or fewer" in page
        assert "Sign 12</textarea>" in page
        assert "Mum's kitchen\nThe park</textarea>" in page
        assert not SafetyPlan.objects.filter(owner=owner).exists()

    def test_a_very_long_line_gets_a_kind_message(self, owner_client):
        page = text_of(owner_client.post(URL, plan_data(reasons="x" * (SAFETY_PLAN_ITEM_MAX + 1))))
        assert "Please keep each line under 200 characters" in page

    def test_a_phone_with_letters_gets_a_kind_message_and_stays_as_typed(self, owner_client):
        page = text_of(owner_client.post(URL, plan_data(**{"ask_for_help-0-phone": "call me maybe"})))
        assert "Write the number with digits, like 07700 900123." in page
        assert 'value="call me maybe"' in page
        assert 'aria-invalid="true"' in page

    def test_a_number_without_a_name_asks_for_the_name(self, owner_client):
        page = text_of(owner_client.post(URL, plan_data(**{"ask_for_help-0-name": ""})))
        assert "Add a name for this number, so you know whose it is." in page

    def test_an_htmx_autosave_with_a_problem_says_so_in_the_status(self, owner_client):
        response = owner_client.post(URL, plan_data(**{"ask_for_help-0-phone": "abc"}), **HTMX)
        assert response.status_code == 422
        assert "Not saved yet: Write the number with digits" in text_of(response)

    @pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])
    def test_words_are_never_markup(self, owner_client, hostile):
        owner_client.post(URL, plan_data(reasons=hostile, **{"ask_for_help-0-name": hostile}))
        page = owner_client.get(URL).content.decode()
        assert hostile not in page
        assert "&lt;" in page


class TestRows:
    def test_a_new_plan_offers_three_rows_for_people_and_for_services(self, owner_client):
        page = owner_client.get(URL).content.decode()
        assert page.count('name="ask_for_help-') == 6 and page.count('name="professionals-') == 6

    def test_add_another_without_javascript_saves_and_shows_one_more_row(self, owner_client, owner):
        response = owner_client.post(URL, plan_data(more="ask_for_help"))
        assert response["Location"] == f"{URL}?more=ask_for_help#step-ask_for_help"
        assert SafetyPlan.objects.get(owner=owner).ask_for_help[0]["name"] == "Sam"
        page = owner_client.get(response["Location"]).content.decode()
        assert page.count('name="ask_for_help-') == 8  # one saved, one empty, and one more
        assert re.search(r'name="ask_for_help-3-name"[^>]*autofocus', page)

    def test_add_another_with_htmx_adds_one_focused_row_and_never_draws_the_typed_rows_again(self, owner_client):
        # The rows typed on the page stay as they are: words typed while the answer travels are never lost.
        body = owner_client.post(URL, plan_data(more="professionals"), **HTMX).content.decode()
        assert 'hx-swap-oob="beforeend:#step-professionals-rows"' in body
        assert re.search(r'name="professionals-1-name"[^>]*autofocus', body)
        assert 'name="professionals-0-name"' not in body and 'name="ask_for_help-' not in body
        assert 'id="step-professionals-actions" hx-swap-oob="true"' in body

    def test_an_autosave_answer_brings_no_rows(self, owner_client):
        body = owner_client.post(URL, plan_data(), **HTMX).content.decode()
        assert "contact-row" not in body and "autofocus" not in body

    def test_no_more_than_ten_rows(self, owner_client):
        page = owner_client.get(f"{URL}?more=ask_for_help").content.decode()
        assert page.count('name="ask_for_help-') == 8
        data = plan_data(**{f"ask_for_help-{i}-name": f"Friend {i}" for i in range(10)})
        owner_client.post(URL, data)
        page = owner_client.get(f"{URL}?more=ask_for_help").content.decode()
        assert page.count('name="ask_for_help-') == 20
        assert "Add another person" not in page


class TestTheCountrysCrisisLine:
    def test_is_offered_as_one_tap_addition_to_professionals(self, gb_owner, client):
        client.force_login(gb_owner)
        page = text_of(client.get(URL))
        button = re.search(r'<button type="submit" name="add_line" value="on"[^>]*>([^<]*)</button>', page)
        assert button.group(1) == "Add Samaritans (116 123)"

    def test_one_tap_adds_it_and_keeps_what_was_typed(self, gb_owner, client):
        client.force_login(gb_owner)
        response = client.post(URL, plan_data(add_line="on"))
        assert response["Location"] == f"{URL}#step-professionals"
        plan = SafetyPlan.objects.get(owner=gb_owner)
        assert plan.professionals == [
            {"name": "Dr Rao", "phone": "+44 20 7946 0000"},
            {"name": "Samaritans", "phone": "116 123"},
        ]
        assert plan.warning_signs == ["Not sleeping", "Skipping meals"]
        page = text_of(client.get(URL))
        assert "Added Samaritans to your plan." in page
        assert "Add Samaritans (116 123)" not in page

    def test_with_htmx_it_fills_the_first_blank_row_with_the_cursor_on_it(self, gb_owner, client):
        client.force_login(gb_owner)
        data = plan_data(add_line="on", **{"professionals-1-name": "", "professionals-1-phone": ""})
        body = client.post(URL, data, **HTMX).content.decode()
        assert re.search(r'<fieldset class="contact-row" id="row-professionals-1" hx-swap-oob="true">', body)
        assert re.search(r'name="professionals-1-name" value="Samaritans"[^>]*autofocus', body)
        assert 'name="professionals-0-name"' not in body and "Add Samaritans" not in body

    def test_with_htmx_and_no_blank_row_it_comes_below(self, gb_owner, client):
        client.force_login(gb_owner)
        body = client.post(URL, plan_data(add_line="on"), **HTMX).content.decode()
        assert 'hx-swap-oob="beforeend:#step-professionals-rows"' in body
        assert 'name="professionals-1-phone" value="116 123"' in body

    def test_is_not_offered_when_the_country_is_unknown(self, owner_client):
        assert "add-crisis-line" not in owner_client.get(URL).content.decode()
        assert "Crisis lines in every country" in text_of(owner_client.get(URL))


class TestWordsSentAfterTheSessionEnded:
    def test_are_kept_and_saved_after_logging_in_again(self, owner):
        browser = Client()
        data = plan_data(writer=writer_token(owner, SafetyPlan(owner=owner)))
        response = browser.post(URL, data)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert SafetyPlan.objects.get(owner=owner).is_empty
        browser.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
        page = text_of(browser.get(URL))
        assert "Welcome back. We saved the safety plan you were writing." in page
        plan = SafetyPlan.objects.get(owner=owner)
        assert plan.reasons == ["My cat", "Seeing the sea again"]
        assert plan.kept_words is None

    def test_with_htmx_the_browser_is_sent_to_log_in(self, owner):
        response = Client().post(URL, plan_data(writer=writer_token(owner, SafetyPlan(owner=owner))), **HTMX)
        assert response["HX-Redirect"].startswith("/accounts/login/")

    def test_are_offered_beside_a_plan_changed_elsewhere_meanwhile(self, owner, owner_client):
        owner_client.post(URL, plan_data())
        plan = SafetyPlan.objects.get(owner=owner)
        token = writer_token(owner, plan)
        owner_client.post(URL, plan_data(reasons="Changed in another browser"))
        browser = Client()
        browser.post(URL, plan_data(reasons="Written while logged out", writer=token))
        browser.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
        page = text_of(browser.get(URL))
        assert "The words you wrote while logged out" in page and "Written while logged out" in page
        assert SafetyPlan.objects.get(owner=owner).reasons == ["Changed in another browser"]
        browser.post("/safety-plan/kept/", {"choice": "use"})
        assert SafetyPlan.objects.get(owner=owner).reasons == ["Written while logged out"]

    def test_can_be_let_go(self, owner, owner_client):
        owner_client.post(URL, plan_data())
        token = writer_token(owner, SafetyPlan.objects.get(owner=owner))
        owner_client.post(URL, plan_data(reasons="Changed"))
        browser = Client()
        browser.post(URL, plan_data(reasons="Kept", writer=token))
        browser.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
        browser.post("/safety-plan/kept/", {"choice": "let-go"})
        plan = SafetyPlan.objects.get(owner=owner)
        assert plan.reasons == ["Changed"] and plan.kept_words is None

    def test_words_nobody_came_back_for_go_with_the_next_save(self, owner, owner_client):
        SafetyPlan.keep(owner_id=owner.pk, holder="gone", based_on=None, answers={"reasons": ["Old words"]})
        SafetyPlan.objects.filter(owner=owner).update(kept_at=timezone.now() - SafetyPlan.kept_lifetime())
        owner_client.post(URL, plan_data())
        plan = SafetyPlan.objects.get(owner=owner)
        assert plan.kept_words is None and plan.kept_holder == "" and plan.kept_at is None

    def test_without_the_writers_token_nothing_is_kept(self, owner):
        Client().post(URL, plan_data())
        assert not SafetyPlan.objects.exists()

    def test_are_never_shown_to_someone_else_who_logs_in_on_that_browser(self, owner, stranger):
        browser = Client()
        browser.post(URL, plan_data(writer=writer_token(owner, SafetyPlan(owner=owner))))
        browser.post("/accounts/login/", {"login": stranger.email, "password": PASSWORD})
        page = text_of(browser.get(URL))
        assert "Seeing the sea again" not in page and "Welcome back" not in page


def test_the_account_page_links_to_the_plan(owner_client):
    assert '<a href="/safety-plan/">Open my safety plan</a>' in owner_client.get("/account/").content.decode()


def test_the_printable_copy_is_on_the_page_for_paper(owner_client):
    owner_client.post(URL, plan_data())
    page = text_of(owner_client.get(URL))
    copy = page[page.index('id="plan-print"') :]
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in copy
    assert "<li>Give my pills to Sam to keep</li>" in copy


def test_one_plan_per_person_and_it_goes_with_the_account(owner_client, owner):
    owner_client.post(URL, plan_data())
    owner_client.post(URL, plan_data(reasons="Only this"))
    assert SafetyPlan.objects.filter(owner=owner).count() == 1
    other = make_user()
    assert not SafetyPlan.objects.filter(owner=other).exists()
    owner.delete()
    assert not SafetyPlan.objects.exists()


def test_the_page_reads_the_plan_in_a_few_queries(owner_client, django_assert_max_num_queries):
    owner_client.post(URL, plan_data())
    owner_client.get(URL)  # shows the "saved" message once
    with django_assert_max_num_queries(3):
        assert owner_client.get(URL).status_code == 200
