"""allauth's own pages (security, two-factor, sessions) render in our layout."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/2fa/",
        "/accounts/sessions/",
    ],
)
def test_security_pages_render_in_the_product_layout(owner_client, url):
    response = owner_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/crisis/"' in body
    assert "Small Wins" in body


def test_totp_activation_asks_for_the_password_again_first(owner_client):
    response = owner_client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_totp_activation_shows_a_code_to_scan_after_confirming_the_password(owner_client):
    from tests.factories import PASSWORD

    owner_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = owner_client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "data:image/svg+xml" in body
    assert "Authenticator code" in body


def test_visitors_are_sent_to_log_in_from_security_pages(client):
    response = client.get("/accounts/2fa/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
