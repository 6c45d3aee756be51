"""A gentle word when it sounds like crisis: the card after a win, a reflection or an ally's note, once per text.

The card shows the person's emergency number, their country's main line, their
safety plan and their crisis page; words of resisting get the warm card. The
save always succeeds, and nothing about the card is kept anywhere.
"""

import datetime
import re

import pytest
from django.test import Client

from allies.models import AllyNote
from journal.models import Reflection, Win
from tests.factories import make_ally_link, make_win
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CRISIS_WORDS = "It sounds like things are really hard right now. You don't have to carry this alone."
WARM_WORDS = "That took strength. Your crisis numbers are here if you need them."
EVERYDAY = [
    "I'm dying to see her",
    "Killing it at work",
    "This traffic is killing me",
    "I could die laughing",
    "Watched Suicide Squad",
    "Cut myself a slice of cake",
    "Hurt myself at the gym",
    "Overdosed on Netflix",
]


def cards(response) -> list[str]:
    """The kind of every crisis card on the page."""
    return re.findall(r'data-testid="crisis-card" data-kind="(\w+)"', response.content.decode())


@pytest.fixture
def person(owner):
    owner.country = "gb"
    owner.save(update_fields=["country"])
    return owner


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client


class TestToday:
    def test_a_win_in_words_of_crisis_is_saved_and_the_page_shows_the_card(self, person_client, person):
        response = person_client.post("/", {"text": "I want to kill myself", "category": "feelings"}, follow=True)
        assert Win.objects.get(owner=person).text == "I want to kill myself"
        assert cards(response) == ["crisis"]
        page = text_of(response)
        assert CRISIS_WORDS in page
        assert '<a class="crisis-card-call" href="tel:999">Emergency: call 999</a>' in page
        assert '<a href="tel:116123">Call Samaritans, 116 123</a>' in page
        assert '<a href="/crisis/gb/">More help in United Kingdom</a>' in page
        assert '<a href="/safety-plan/">My safety plan</a>' in page

    def test_with_htmx_the_card_comes_out_of_band_beside_the_kind_word(self, person_client):
        response = person_client.post("/", {"text": "I want to end my life", "category": "feelings"}, **HTMX)
        body = response.content.decode()
        assert '<div id="care-slot" class="care-slot" aria-live="polite" hx-swap-oob="true">' in body
        assert cards(response) == ["crisis"]

    def test_the_card_shows_once_not_on_the_next_page(self, person_client):
        person_client.post("/", {"text": "I want to die", "category": "feelings"}, follow=True)
        assert cards(person_client.get("/")) == []

    def test_the_same_form_sent_again_does_not_show_it_again(self, person_client, person):
        key = "3f0e8a5e-0c1d-4b7a-9b55-2d3c4e5f6a7b"
        form = {"text": "I want to die", "category": "feelings", "idempotency_key": key}
        assert cards(person_client.post("/", form, **HTMX)) == ["crisis"]
        assert cards(person_client.post("/", form, **HTMX)) == []
        assert Win.objects.filter(owner=person).count() == 1

    def test_words_of_resisting_get_the_warm_card(self, person_client):
        response = person_client.post("/", {"text": "Didn't hurt myself today", "category": "feelings"}, follow=True)
        assert cards(response) == ["resisting"]
        assert WARM_WORDS in text_of(response) and CRISIS_WORDS not in text_of(response)

    @pytest.mark.parametrize("text", EVERYDAY)
    def test_everyday_words_never_show_it(self, person_client, text):
        assert cards(person_client.post("/", {"text": text, "category": "joy"}, follow=True)) == []
        assert cards(person_client.post("/", {"text": text + " again", "category": "joy"}, **HTMX)) == []

    def test_without_a_country_it_points_to_every_country_kindly(self, owner_client):
        page = text_of(owner_client.post("/", {"text": "I feel suicidal", "category": "feelings"}, follow=True))
        assert '<a href="/crisis/">Find help in your country</a>' in page
        assert "We don't know which country you're in yet" in page
        assert "tel:" not in page.split('data-testid="crisis-card"')[1].split("</div>")[0]

    def test_an_ordinary_message_still_shows_and_the_card_is_not_a_message(self, person_client):
        page = text_of(person_client.post("/", {"text": "I want to die", "category": "feelings"}, follow=True))
        messages = re.findall(r'<li class="message [^"]*">([^<]*)</li>', page)
        assert len(messages) == 1 and "crisis" not in messages[0]


class TestEditingAWin:
    def test_editing_words_into_crisis_shows_the_card_inside_the_win(self, person_client, person):
        win = make_win(person, "Long day")
        response = person_client.post(
            f"/wins/{win.code}/edit/?next=/", {"text": "I want to kill myself", "category": "feelings"}, **HTMX
        )
        assert cards(response) == ["crisis"]
        win.refresh_from_db()
        assert win.text == "I want to kill myself"

    def test_without_javascript_the_page_it_returns_to_shows_it(self, person_client, person):
        win = make_win(person, "Long day")
        response = person_client.post(
            f"/wins/{win.code}/edit/?next=/wins/", {"text": "I want to die", "category": "feelings"}, follow=True
        )
        assert cards(response) == ["crisis"]

    def test_saving_the_same_words_again_shows_nothing(self, person_client, person):
        win = make_win(person, "I want to die")
        form = {"text": "I want to die", "category": "rest"}
        assert cards(person_client.post(f"/wins/{win.code}/edit/?next=/", form, **HTMX)) == []


class TestTheWeeklyReflection:
    URL = "/week/2026-03-02/reflection/"

    def test_an_autosave_in_words_of_crisis_shows_the_card_once(self, person_client, person):
        first = person_client.post(self.URL, {"what_helped": "Nothing. I want to die."}, **HTMX)
        assert first.status_code == 200
        assert '<div id="care-slot" class="care-slot" aria-live="polite" hx-swap-oob="true">' in first.content.decode()
        assert cards(first) == ["crisis"]
        typing_on = person_client.post(self.URL, {"what_helped": "Nothing. I want to die. Tea, maybe."}, **HTMX)
        assert cards(typing_on) == []
        assert Reflection.objects.get(owner=person).what_helped == "Nothing. I want to die. Tea, maybe."

    def test_words_spread_over_the_answers_count_as_one_text(self, person_client):
        person_client.post(self.URL, {"five_wins": "I want to die"}, **HTMX)
        moved = person_client.post(self.URL, {"five_wins": "", "what_helped": "I want to die"}, **HTMX)
        assert cards(moved) == []

    def test_without_javascript_the_week_shows_it_with_the_reflection(self, person_client):
        response = person_client.post(self.URL, {"what_helped": "I've been self-harming again"}, follow=True)
        page = response.content.decode()
        assert cards(response) == ["crisis"]
        assert page.index('id="reflection-heading"') < page.index('data-testid="crisis-card"')

    def test_resisting_in_a_reflection_gets_the_warm_card(self, person_client):
        response = person_client.post(self.URL, {"proud": "on", "five_wins": "30 days without self-harm"}, **HTMX)
        assert cards(response) == ["resisting"]

    @pytest.mark.parametrize("text", EVERYDAY)
    def test_everyday_words_never_show_it(self, person_client, text):
        assert cards(person_client.post(self.URL, {"what_helped": text}, **HTMX)) == []


class TestAnAllysNote:
    @pytest.fixture
    def link(self, owner, ally):
        ally.country = "us"
        ally.save(update_fields=["country"])
        return make_ally_link(owner, ally)

    def test_the_ally_who_wrote_it_sees_the_card_with_their_own_numbers(self, link, ally, owner):
        client = Client()
        client.force_login(ally)
        response = client.post(f"/allies/{link.code}/", {"text": "Honestly I want to kill myself too"}, follow=True)
        assert cards(response) == ["crisis"]
        assert 'href="tel:911"' in response.content.decode()
        assert AllyNote.objects.get(owner=owner).text == "Honestly I want to kill myself too"

    def test_the_owner_sees_the_note_as_written_and_no_card(self, link, ally, owner):
        client = Client()
        client.force_login(ally)
        client.post(f"/allies/{link.code}/", {"text": "I want to die some days"})
        owner_client = Client()
        owner_client.force_login(owner)
        week = owner_client.get("/week/")
        assert "I want to die some days" in text_of(week)
        assert cards(week) == []
        assert cards(owner_client.get("/allies/")) == []

    def test_editing_a_note_shows_it_once(self, link, ally, owner):
        client = Client()
        client.force_login(ally)
        client.post(f"/allies/{link.code}/", {"text": "You seem lighter"})
        note = AllyNote.objects.get(owner=owner)
        url = f"/allies/{link.code}/notes/{note.code}/edit/"
        assert cards(client.post(url, {"text": "I feel suicidal"}, follow=True)) == ["crisis"]
        assert cards(client.post(url, {"text": "I feel suicidal"}, follow=True)) == []

    def test_everyday_words_in_a_note_never_show_it(self, link, ally):
        client = Client()
        client.force_login(ally)
        assert cards(client.post(f"/allies/{link.code}/", {"text": "You're killing it at work"}, follow=True)) == []


def test_the_card_never_repeats_the_words(person_client):
    response = person_client.post("/", {"text": "I want to die tonight", "category": "feelings"}, follow=True)
    card = response.content.decode().split('data-testid="crisis-card"')[1].split("</div>")[0]
    assert "tonight" not in card and "want to die" not in card


def test_a_weeks_old_reflection_date_still_works(person_client):
    day = (datetime.date.today() - datetime.timedelta(days=70)).isoformat()
    response = person_client.post(f"/week/{day}/reflection/", {"what_helped": "I want to die"}, **HTMX)
    assert cards(response) == ["crisis"]
