"""Gentle reminders in Account settings: opt-in, at the person's own time, never required."""

import datetime

import pytest

from accounts.models import User
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

PROFILE = {"display_name": "Alice", "timezone": "Pacific/Auckland", "week_starts_on": "0"}


def test_the_settings_page_groups_the_reminders_and_they_start_off(owner_client):
    body = text_of(owner_client.get("/account/"))
    assert "<legend>Gentle reminders</legend>" in body
    assert "Email me a daily reminder" in body and "What's one small thing you did today?" in body
    assert "Email me a weekly digest" in body and "Your week in small wins" in body
    assert '<input type="time" name="daily_reminder_time" value="20:00"' in body
    assert '<option value="6" selected>Sunday</option>' in body
    assert 'name="daily_reminder" id="id_daily_reminder" checked' not in body
    assert 'name="weekly_digest" id="id_weekly_digest" checked' not in body


def test_turning_both_reminders_on_at_chosen_times(owner_client, owner):
    response = owner_client.post(
        "/account/",
        {
            **PROFILE,
            "daily_reminder": "on",
            "daily_reminder_time": "21:30",
            "weekly_digest": "on",
            "weekly_digest_day": "4",
            "weekly_digest_time": "08:15",
        },
    )
    assert response.status_code == 302
    owner = User.objects.get(pk=owner.pk)
    assert owner.daily_reminder and owner.weekly_digest
    assert owner.daily_reminder_time == datetime.time(21, 30)
    assert (owner.weekly_digest_day, owner.weekly_digest_time) == (4, datetime.time(8, 15))


def test_a_form_without_the_reminder_fields_keeps_the_times_and_turns_nothing_on(owner_client, owner):
    User.objects.filter(pk=owner.pk).update(daily_reminder_time=datetime.time(7, 0))
    response = owner_client.post("/account/", PROFILE)
    assert response.status_code == 302
    owner = User.objects.get(pk=owner.pk)
    assert owner.daily_reminder_time == datetime.time(7, 0)
    assert not owner.daily_reminder and not owner.weekly_digest


def test_a_time_that_isnt_a_time_gets_a_kind_message_and_keeps_the_rest(owner_client, owner):
    response = owner_client.post(
        "/account/", {**PROFILE, "display_name": "Typed name", "daily_reminder": "on", "daily_reminder_time": "late"}
    )
    assert response.status_code == 200
    body = text_of(response)
    assert "Please enter a time like 20:00." in body
    assert 'value="Typed name"' in body
    assert not User.objects.get(pk=owner.pk).daily_reminder


def test_an_unknown_weekday_gets_a_kind_message(owner_client):
    response = owner_client.post("/account/", {**PROFILE, "weekly_digest": "on", "weekly_digest_day": "9"})
    assert response.status_code == 200
    assert "Please choose a day of the week." in text_of(response)
