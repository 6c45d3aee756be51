"""Who sees a safety plan: its owner; an ally only when the owner ticks "Let my allies see my safety plan" for them.

Every role is asked for every place the plan could show: the plan's page, its CSV,
the ally's space and the allies page.
"""

import json

import pytest
from django.test import Client

from allies.models import AllyLink
from journal.models import SafetyPlan
from tests.factories import make_ally_link, make_user
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

SECRET = "canary-reason-to-live-4f1a"
PHONE = "07700 900456"


@pytest.fixture
def plan(owner):
    return SafetyPlan.objects.create(
        owner=owner,
        reasons=[SECRET],
        ask_for_help=[{"name": "Sam", "phone": PHONE}],
        warning_signs=["Not sleeping"],
    )


@pytest.fixture
def ally_ticked(owner, plan):
    ally = make_user("ticked@example.com")
    link = make_ally_link(owner, ally)
    link.sees_safety_plan = True
    link.save()
    return ally, link


@pytest.fixture
def ally_unticked(owner, plan):
    ally = make_user("unticked@example.com")
    return ally, make_ally_link(owner, ally)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_tick_is_off_by_default(owner, ally):
    assert make_ally_link(owner, ally).sees_safety_plan is False


def test_the_owner_sees_their_plan(owner, plan):
    page = text_of(client_for(owner).get("/safety-plan/"))
    assert SECRET in page and PHONE in page


def test_an_ally_with_the_tick_sees_it_read_only_with_numbers_to_call(owner, ally_ticked):
    ally, link = ally_ticked
    page = text_of(client_for(ally).get(f"/allies/{link.code}/"))
    assert f"{owner.name}'s safety plan" in page
    assert SECRET in page
    assert '<a href="tel:07700900456">07700 900456</a>' in page
    assert 'name="reasons"' not in page and "Save my plan" not in page


def test_an_ally_without_the_tick_sees_nothing_of_it(owner, ally_unticked):
    ally, link = ally_unticked
    page = text_of(client_for(ally).get(f"/allies/{link.code}/"))
    assert SECRET not in page and PHONE not in page and "safety plan" not in page.lower()


def test_the_tick_for_one_ally_shows_it_to_no_other(owner, ally_ticked, ally_unticked):
    ally, link = ally_unticked
    assert SECRET not in text_of(client_for(ally).get(f"/allies/{link.code}/"))


@pytest.mark.parametrize("who", ["ticked", "unticked", "stranger"])
def test_no_one_but_the_owner_gets_it_at_its_own_address(owner, ally_ticked, ally_unticked, stranger, who):
    person = {"ticked": ally_ticked[0], "unticked": ally_unticked[0], "stranger": stranger}[who]
    client = client_for(person)
    for url in ("/safety-plan/", "/account/data/safety-plan.csv", "/account/data/small-wins.json"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body, url
        assert PHONE.encode() not in body, url


def test_a_stranger_gets_404_for_the_owners_space(owner, ally_ticked, stranger):
    _ally, link = ally_ticked
    assert client_for(stranger).get(f"/allies/{link.code}/").status_code == 404


def test_someone_logged_out_is_asked_to_log_in_and_sees_nothing(owner, ally_ticked):
    _ally, link = ally_ticked
    client = client_for(None)
    for url in ("/safety-plan/", f"/allies/{link.code}/", "/account/data/safety-plan.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
        assert SECRET not in text_of(response)


def test_a_removed_ally_loses_it_at_once(owner, ally_ticked):
    ally, link = ally_ticked
    client = client_for(ally)
    assert SECRET in text_of(client.get(f"/allies/{link.code}/"))
    link.delete()
    assert client.get(f"/allies/{link.code}/").status_code == 404


def test_an_ally_cannot_tick_it_for_themselves(owner, ally_unticked):
    ally, link = ally_unticked
    response = client_for(ally).post(f"/allies/{link.code}/scope/", {"scope": "shared_wins", "sees_safety_plan": "on"})
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.sees_safety_plan is False


def test_the_owner_ticks_it_per_ally_on_the_allies_page(owner, ally_unticked, ally_ticked):
    ally, link = ally_unticked
    client = client_for(owner)
    page = text_of(client.get("/allies/"))
    assert page.count("Let my allies see my safety plan") == 2
    response = client.post(f"/allies/{link.code}/scope/", {"scope": "notes_only", "sees_safety_plan": "on"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.sees_safety_plan is True and link.scope == "notes_only"
    assert "and your safety plan" in text_of(client.get("/allies/"))
    assert SECRET in text_of(client_for(ally).get(f"/allies/{link.code}/"))
    client.post(f"/allies/{link.code}/scope/", {"scope": "notes_only"})
    assert AllyLink.objects.get(pk=link.pk).sees_safety_plan is False


def test_the_export_says_which_allies_may_read_the_plan(owner, ally_ticked, ally_unticked):
    document = json.loads(b"".join(client_for(owner).get("/account/data/small-wins.json").streaming_content))
    assert {row["email"]: row["sees_safety_plan"] for row in document["allies"]} == {
        "ticked@example.com": True,
        "unticked@example.com": False,
    }


def test_an_ally_sees_a_kind_line_when_there_is_no_plan_yet(owner, ally):
    link = make_ally_link(owner, ally)
    link.sees_safety_plan = True
    link.save()
    assert "hasn't written a safety plan yet" in text_of(client_for(ally).get(f"/allies/{link.code}/"))


def test_the_allys_own_plan_page_is_their_own(owner, ally_ticked):
    ally, _link = ally_ticked
    SafetyPlan.objects.create(owner=ally, reasons=["Ally's own reason"])
    page = text_of(client_for(ally).get("/safety-plan/"))
    assert "Ally's own reason" in page and SECRET not in page


def test_the_allies_space_reads_the_plan_in_one_query(owner, ally_ticked, django_assert_max_num_queries):
    ally, link = ally_ticked
    client = client_for(ally)
    client.get(f"/allies/{link.code}/")
    with django_assert_max_num_queries(9):
        client.get(f"/allies/{link.code}/")
