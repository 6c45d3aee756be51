"""Where you're logged in: see every session, end any or all others; a new password ends them too."""

import datetime
import html
import os
import runpy
from pathlib import Path

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.middleware import SessionActivityMiddleware
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
    "AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1"
)
CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
SETTINGS_FILE = Path(__file__).resolve().parents[1] / "config" / "settings.py"


def log_in(user, agent: str = FIREFOX_LINUX, password: str = PASSWORD) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def is_logged_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


def test_the_account_page_lists_each_device_and_marks_this_one(owner):
    here = log_in(owner)
    log_in(owner, SAFARI_IPHONE)
    body = text(here.get("/account/"))
    assert "Where you're logged in" in body
    assert body.count('data-testid="session"') == 2
    assert "Firefox on Linux" in body and "Safari on iPhone" in body
    assert body.count("This device") == 1
    assert body.count(">End this one</button>") == 1
    assert ">End all others</button>" in body


def test_ending_one_session_logs_that_device_out(owner):
    here = log_in(owner)
    phone = log_in(owner, SAFARI_IPHONE)
    laptop = log_in(owner, CHROME_WINDOWS)
    phone_session = UserSession.objects.get(user=owner, user_agent=SAFARI_IPHONE)

    response = here.post("/account/sessions/end/", {"session": phone_session.pk}, follow=True)

    assert "Done. That device is logged out." in text(response)
    assert not is_logged_in(phone)
    assert is_logged_in(laptop) and is_logged_in(here)
    assert not Session.objects.filter(session_key=phone_session.session_key).exists()


def test_ending_all_others_keeps_only_this_one(owner):
    here = log_in(owner)
    others = [log_in(owner, SAFARI_IPHONE), log_in(owner, CHROME_WINDOWS)]

    response = here.post("/account/sessions/end-others/", follow=True)

    assert "Done. 2 other sessions are logged out." in text(response)
    assert not any(is_logged_in(other) for other in others)
    assert is_logged_in(here)
    assert UserSession.objects.filter(user=owner).count() == 1


def test_ending_all_others_when_there_are_none_says_so(owner):
    response = log_in(owner).post("/account/sessions/end-others/", follow=True)
    assert "You're only logged in here" in text(response)


def test_someone_elses_session_answers_404_and_stays(owner, stranger):
    theirs = log_in(stranger)
    stranger_session = UserSession.objects.get(user=stranger)
    response = log_in(owner).post("/account/sessions/end/", {"session": stranger_session.pk})
    assert response.status_code == 404
    assert is_logged_in(theirs)


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999999", "-1"])
def test_a_nonsense_session_answers_404(owner, value):
    response = log_in(owner).post("/account/sessions/end/", {"session": value})
    assert response.status_code == 404


def test_ending_sessions_needs_a_post(owner):
    here = log_in(owner)
    assert here.get("/account/sessions/end-others/").status_code == 405
    assert here.get("/account/sessions/end/").status_code == 405


def test_changing_the_password_ends_every_other_session_but_this_one(owner):
    here = log_in(owner)
    phone = log_in(owner, SAFARI_IPHONE)
    new_password = "a new and quiet morning 9"

    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    assert is_logged_in(here)
    assert not is_logged_in(phone)
    assert UserSession.objects.filter(user=owner).count() == 1
    sessions = [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(owner.pk)]
    assert len(sessions) == 1


def test_a_password_reset_ends_every_session(owner, client, mailoutbox):
    import re

    phone = log_in(owner, SAFARI_IPHONE)
    client.post("/accounts/password/reset/", {"email": owner.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a fresh start at noon 5", "password2": "a fresh start at noon 5"},
    )
    assert not is_logged_in(phone)
    assert not UserSession.objects.filter(user=owner).exists()


def test_the_account_page_takes_the_same_queries_for_one_session_or_many(owner, django_assert_max_num_queries):
    here = log_in(owner)
    with django_assert_max_num_queries(13) as one:  # 12, and one for the devices that get push reminders
        here.get("/account/")
    queries_for_one = len(one.captured_queries)
    for agent in [SAFARI_IPHONE, CHROME_WINDOWS] * 5:
        log_in(owner, agent)
    with django_assert_max_num_queries(queries_for_one):
        response = here.get("/account/")
    assert text(response).count('data-testid="session"') == 11


def test_a_session_whose_django_session_expired_is_no_longer_listed(owner):
    here = log_in(owner)
    phone = log_in(owner, SAFARI_IPHONE)
    Session.objects.filter(session_key=phone.session.session_key).update(expire_date=timezone.now())
    body = text(here.get("/account/"))
    assert body.count('data-testid="session"') == 1


# --- Cookies and the idle timeout ---------------------------------------------


def test_the_session_cookie_is_http_only_and_same_site_lax(owner):
    client = Client()
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain HTTP in development and tests


def age_session(client: Client, seconds: int) -> None:
    """Pretend the session's last refresh was `seconds` ago."""
    session = client.session
    session[SessionActivityMiddleware.KEY] = session.get(SessionActivityMiddleware.KEY, 0) - seconds
    session.save()


def expiry_of(client: Client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_idle_timeout_is_two_weeks_and_a_visit_after_a_while_pushes_it_back(owner):
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    client = log_in(owner)
    client.get("/account/")
    age_session(client, settings.SESSION_REFRESH_SECONDS)
    # As if the last refresh were a long time ago: only one day of the two weeks left.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(days=1)
    )
    client.get("/account/")
    assert expiry_of(client) > timezone.now() + datetime.timedelta(days=13)


def test_visits_close_together_write_nothing(owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = log_in(owner)
    client.get("/account/")  # the first visit after logging in refreshes
    before = expiry_of(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/week/").status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert expiry_of(client) == before


def test_last_active_is_refreshed_after_a_while_not_on_every_request(owner):
    from django.conf import settings

    client = log_in(owner)
    client.get("/account/")
    tracked = UserSession.objects.get(session_key=client.session.session_key)
    long_ago = timezone.now() - datetime.timedelta(hours=3)
    UserSession.objects.filter(pk=tracked.pk).update(last_seen_at=long_ago)
    client.get("/account/")
    assert UserSession.objects.get(pk=tracked.pk).last_seen_at == long_ago
    age_session(client, settings.SESSION_REFRESH_SECONDS)
    client.get("/account/")
    assert UserSession.objects.get(pk=tracked.pk).last_seen_at > timezone.now() - datetime.timedelta(minutes=1)


def test_a_session_idle_past_the_timeout_is_logged_out(owner):
    client = log_in(owner)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not is_logged_in(client)


def settings_with(**env: str) -> dict:
    saved = dict(os.environ)
    try:
        for name in ("SECURE", "SESSION_IDLE_SECONDS", "SESSION_REFRESH_SECONDS", "SECRET_KEY"):
            os.environ.pop(name, None)
        os.environ.update(env)
        return runpy.run_path(str(SETTINGS_FILE))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_production_mode_marks_the_cookies_secure():
    production = settings_with(SECURE="1", SECRET_KEY="x" * 60)
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_the_idle_timeout_can_be_configured():
    assert settings_with(SESSION_IDLE_SECONDS="3600")["SESSION_COOKIE_AGE"] == 3600
    assert settings_with()["SESSION_COOKIE_AGE"] == 14 * 24 * 3600
    # A short timeout gets a refresh well inside it, so a session in use never lapses.
    assert settings_with(SESSION_IDLE_SECONDS="600")["SESSION_REFRESH_SECONDS"] == 150


def test_a_refresh_as_long_as_the_timeout_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="SESSION_REFRESH_SECONDS"):
        settings_with(SESSION_IDLE_SECONDS="3600", SESSION_REFRESH_SECONDS="3600")


def test_a_stranger_cannot_see_anyone_elses_sessions_on_their_page(owner, stranger):
    log_in(make_user("dana@example.com"), CHROME_WINDOWS)
    body = text(log_in(owner).get("/account/"))
    assert "Chrome on Windows" not in body


def test_a_session_the_database_cannot_save_answers_the_kind_503(owner, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client = log_in(owner)
    client.raise_request_exception = False

    def database_away(self, must_create=False):
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError:
            from django.contrib.sessions.backends.base import UpdateError

            raise UpdateError from None

    monkeypatch.setattr(SessionStore, "save", database_away)
    response = client.get("/account/")
    assert response.status_code == 503
    assert "We can't reach your journal right now" in text(response)
