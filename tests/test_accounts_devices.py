"""Sessions name the browser and the system a person would recognise, never the raw User-Agent header."""

import pytest
from allauth.usersessions.models import UserSession
from django.template import Context, Template
from django.test import Client

from accounts.devices import UNKNOWN, describe_device
from tests.factories import PASSWORD
from tests.helpers import text_of

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (CHROME_WINDOWS, "Chrome on Windows"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (CHROME_WINDOWS + " Edg/124.0.2478.51", "Edge on Windows"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.4 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.4 Mobile/15E148 Safari/604.1",
            "Safari on iPad",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
            "Chrome on iPhone",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/124.0.0.0 Safari/537.36",
            "Chrome on ChromeOS",
        ),
        # A hand-written list of patterns named these two "Chrome": the reason for ua-parser.
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
            "Safari/537.36 Vivaldi/6.7",
            "Vivaldi on Linux",
        ),
        (CHROME_WINDOWS.replace("Safari", "YaBrowser/24.4.0.0 Safari"), "Yandex Browser on Windows"),
        (
            "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36",
            "An app on Android",
        ),
        ("curl/8.5.0", "curl"),
        ("", UNKNOWN),
        ("\x00<script>alert(1)</script>", UNKNOWN),
    ],
)
def test_a_device_is_named_as_a_person_would_name_it(agent, name):
    assert describe_device(agent) == name


def test_the_template_filter_names_the_device():
    rendered = Template("{% load devices %}{{ agent|device_name }}").render(Context({"agent": FIREFOX_ANDROID}))
    assert rendered == "Firefox on Android"


def log_in(user, agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/accounts/sessions/", "/account/"])
def test_both_session_lists_say_x_on_y_and_never_show_the_header(owner, page):
    here = log_in(owner, FIREFOX_ANDROID)
    log_in(owner, CHROME_WINDOWS)
    body = text_of(here.get(page))
    assert "Firefox on Android" in body
    assert "Chrome on Windows" in body
    assert "Mozilla/5.0" not in body
    assert body.count('data-testid="session"') == 2


@pytest.mark.django_db
def test_the_sessions_page_lists_this_device_first_and_logs_the_others_out(owner):
    log_in(owner, CHROME_WINDOWS)
    here = log_in(owner, FIREFOX_ANDROID)
    body = text_of(here.get("/accounts/sessions/"))
    assert body.index("Firefox on Android") < body.index("This device") < body.index("Chrome on Windows")
    assert "Log out everywhere else" in body

    response = here.post("/accounts/sessions/", follow=True)
    assert "Every other browser and app is logged out." in text_of(response)
    assert list(UserSession.objects.filter(user=owner).values_list("user_agent", flat=True)) == [FIREFOX_ANDROID]


@pytest.mark.django_db
def test_alone_on_the_sessions_page_there_is_nothing_else_to_log_out(owner):
    body = text_of(log_in(owner, FIREFOX_ANDROID).get("/accounts/sessions/"))
    assert "You're only logged in here right now." in body
    assert "Log out everywhere else" not in body
