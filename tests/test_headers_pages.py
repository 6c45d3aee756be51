"""Every kind of page sends the protective headers, in production mode as in development."""

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 3600

PUBLIC_PAGES = {"landing": "/", "login": "/accounts/login/", "not found": "/no-such-page/", "crisis": "/crisis/"}
PRIVATE_PAGES = {
    "today": "/",
    "all wins": "/wins/",
    "week": "/week/",
    "allies": "/allies/",
    "account": "/account/",
    "your data": "/account/data/",
    "delete account": "/account/delete/",
    "not found while logged in": "/wins/00000000-0000-0000-0000-000000000000/",
}


@pytest.fixture
def production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def database_down(monkeypatch):
    from journal.views import today

    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server failed")

    monkeypatch.setattr(today, "today_context", unreachable)


def assert_protective_headers(response, *, secure: bool) -> None:
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    if secure:
        hsts = dict(([*part.strip().split("="), ""])[:2] for part in response["Strict-Transport-Security"].split(";"))
        assert int(hsts["max-age"]) >= ONE_YEAR
        assert "includeSubDomains" in hsts


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("secure", [False, True], ids=["development", "production"])
@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_pages_send_the_protective_headers(client, settings, path, secure, request):
    if secure:
        request.getfixturevalue("production")
    response = client.get(path, secure=secure)
    assert response.status_code in (200, 404)
    assert_protective_headers(response, secure=secure)


@pytest.mark.parametrize("secure", [False, True], ids=["development", "production"])
@pytest.mark.parametrize("path", PRIVATE_PAGES.values(), ids=PRIVATE_PAGES.keys())
def test_private_pages_send_the_protective_headers_and_are_never_stored(owner_client, path, secure, request):
    if secure:
        request.getfixturevalue("production")
    response = owner_client.get(path, secure=secure)
    assert response.status_code in (200, 404), body_of(response)[:500]
    assert_protective_headers(response, secure=secure)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("secure", [False, True], ids=["development", "production"])
def test_the_kind_503_page_sends_the_protective_headers(owner_client, monkeypatch, secure, request):
    if secure:
        request.getfixturevalue("production")
    database_down(monkeypatch)
    owner_client.raise_request_exception = False
    response = owner_client.get("/", secure=secure)
    assert response.status_code == 503
    assert "We can't reach your journal right now" in body_of(response).replace("&#x27;", "'")
    assert_protective_headers(response, secure=secure)
    assert "no-store" in response["Cache-Control"]


def test_the_crisis_page_stays_cacheable_because_it_holds_nothing_private(client):
    response = client.get("/crisis/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_plain_http_is_sent_to_https_in_production(client, production):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


def test_downloads_are_never_stored_either(owner_client):
    response = owner_client.get("/account/data/small-wins.json")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
