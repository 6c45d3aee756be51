"""Looking back: this month beside six months and a year ago, and evidence for the inner critic."""

import datetime
import re
from unittest import mock

import pytest

from journal.evidence import read_critic
from journal.models import Category
from tests.factories import make_user, make_win

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def march(client):
    """A person who joined in 2025, logged in, on 15 March 2026."""
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        person = make_user("robin@example.com", timezone="Europe/London")
        person.date_joined = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
        person.save(update_fields=["date_joined"])
        client.force_login(person)
        yield person


def month_card(html: str, month: str) -> str:
    match = re.search(rf'<section[^>]*data-testid="look-{month}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no card for {month}"
    return match.group(1)


def test_visitor_is_sent_to_log_in(client):
    response = client.get("/look-back/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/look-back/")


def test_this_month_sits_beside_the_same_month_six_months_ago(client, march):
    make_win(march, "Asked for help at work", occurred_on="2026-03-02", category=Category.REACHING_OUT)
    make_win(march, "Said no to overtime", occurred_on="2026-03-03", category=Category.BOUNDARIES)
    make_win(march, "Said no again", occurred_on="2026-03-03", category=Category.BOUNDARIES)
    make_win(march, "Got out of bed", occurred_on="2025-09-10", category=Category.SELF_CARE, hard_day=True)
    make_win(march, "Opened the curtains", occurred_on="2025-09-20", category=Category.SELF_CARE)
    make_win(march, "October, not shown", occurred_on="2025-10-01")

    html = client.get("/look-back/").content.decode()

    now = month_card(html, "2026-03")
    assert "This month you are…" in now
    assert "<strong>2 days</strong>" in now and "<strong>3 wins</strong>" in now
    then = month_card(html, "2025-09")
    assert "Six months ago you were…" in then and "September 2025" in then
    assert "<strong>2 days</strong>" in then and "<strong>2 wins</strong>" in then
    assert "Got out of bed" in then and "Opened the curtains" in then
    assert "October, not shown" not in html
    table = re.search(r'data-testid="look-back-categories">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"<th scope=\"row\">Boundaries</th><td>2</td><td>0</td>", table)
    assert re.search(r"<th scope=\"row\">Self-care</th><td>0</td><td>2</td>", table)


def test_a_few_wins_from_then_are_shown_hard_days_first(client, march):
    for day in range(1, 8):
        make_win(march, f"September win {day}", occurred_on=f"2025-09-0{day}")
    make_win(march, "The hard one", occurred_on="2025-09-28", hard_day=True)
    card = month_card(client.get("/look-back/").content.decode(), "2025-09")
    assert card.count('data-testid="win"') == 3
    assert "The hard one" in card and "September win 1" in card and "September win 2" in card


def test_a_year_ago_appears_once_there_is_data(client):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        newcomer = make_user()
        client.force_login(newcomer)
        html = client.get("/look-back/").content.decode()
        assert "A year ago you were…" not in html
        assert "…just before you started your journal." in html  # six months ago

        make_win(newcomer, "Backfilled from my diary", occurred_on="2025-03-20")
        html = client.get("/look-back/").content.decode()
    assert "A year ago you were…" in html
    assert "Backfilled from my diary" in month_card(html, "2025-03")


def test_a_quiet_month_is_described_kindly(client, march):
    html = client.get("/look-back/").content.decode()
    assert "no wins logged. Whatever was going on, you got through it." in month_card(html, "2025-09")


def test_only_the_owners_wins_are_counted(client, march, stranger):
    make_win(stranger, "Charlie's September", occurred_on="2025-09-10")
    make_win(stranger, "Charlie asked for help", occurred_on="2026-03-02", category=Category.REACHING_OUT)
    html = client.get("/look-back/?critic=I+never+ask+for+help").content.decode()
    assert "Charlie" not in html
    assert "<strong>" not in month_card(html, "2025-09")


# ---- Evidence for the inner critic ------------------------------------------------------------


def test_the_critic_is_answered_with_matching_wins(client, march):
    make_win(march, "Texted Sam when I was low", occurred_on="2025-11-02", category=Category.REACHING_OUT)
    make_win(march, "Said I needed help with the shopping", occurred_on="2026-01-09", category=Category.SELF_CARE)
    make_win(march, "Watered the plants", occurred_on="2026-01-10", category=Category.ROUTINE)

    response = client.get("/look-back/", {"critic": "I never ask for help"})

    assert response.status_code == 200
    html = response.content.decode()
    evidence = re.search(r'data-testid="critic-evidence">(.*)</section>', html, re.S).group(1)
    assert "Texted Sam when I was low" in evidence
    assert "Said I needed help with the shopping" in evidence
    assert "Watered the plants" not in evidence
    assert "We found 2 wins that answer it." in evidence
    assert "Reaching out" in evidence
    assert 'value="I never ask for help"' in html
    # Most recent first, each linked to its week.
    assert evidence.index("shopping") < evidence.index("Texted Sam")
    assert 'href="/week/2025-11-02/"' in evidence


def test_many_matches_show_the_most_recent_ten_and_say_how_many(client, march):
    for n in range(12):
        make_win(march, f"Rest number {n}", occurred_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    html = client.get("/look-back/", {"critic": "I'm lazy, I rest too much"}).content.decode()
    assert "We found 12 wins that answer it. Here are the 10 most recent." in html
    assert "Rest number 11" in html and "Rest number 1<" not in html


def test_no_match_is_answered_gently(client, march):
    make_win(march, "Watered the plants", category=Category.ROUTINE)
    html = client.get("/look-back/", {"critic": "Nobody would miss me"}).content.decode()
    assert "We didn't find wins that match those words yet." in html


def test_an_empty_critic_gets_a_kind_message_next_to_the_box(client, march):
    response = client.get("/look-back/", {"critic": "  "})
    assert response.status_code == 200
    assert "Type what the critic says, and we&#x27;ll look for evidence that answers it." in response.content.decode()


def test_a_very_long_critic_keeps_the_text_and_asks_for_less(client, march):
    long_text = "never " * 50
    html = client.get("/look-back/", {"critic": long_text}).content.decode()
    assert "Please keep it under 200 characters" in html
    assert long_text.strip() in html


@pytest.mark.parametrize(
    ("statement", "category"),
    [
        ("I never ask for help", Category.REACHING_OUT),
        ("I can't say no to anyone", Category.BOUNDARIES),
        ("I have no boundaries", Category.BOUNDARIES),
        ("I never rest properly", Category.REST),
        ("I don't sleep", Category.REST),
        ("I'm always alone", Category.CONNECTION),
        ("I can't cope with anything", Category.DISTRESS_TOLERANCE),
        ("I never have any fun", Category.JOY),
    ],
)
def test_critic_words_map_to_categories(statement, category):
    assert category in read_critic(statement).categories


def test_short_keywords_only_match_whole_words():
    assert Category.BOUNDARIES not in read_critic("Nothing ever changes for me").categories


def test_common_words_are_not_searched_for():
    query = read_critic("I never ask for help, I always do everything alone")
    assert query.words == ["ask", "help", "alone"]
