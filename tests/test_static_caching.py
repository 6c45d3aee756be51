"""Static files are served compressed, with far-future cache headers on their hashed names."""

import pytest
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", ["css/app.css", "js/app.js", "django_htmx/htmx-2.min.js"])
def test_a_hashed_static_file_is_cached_for_a_year_and_more(client, name):
    url = static(name)
    assert url != f"/static/{name}", "the manifest storage gives every file a content hash in its name"
    response = client.get(url)
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["css/app.css", "django_htmx/htmx-2.min.js"])
def test_a_hashed_static_file_is_sent_compressed_to_browsers_that_ask(client, name):
    plain = client.get(static(name))
    packed = client.get(static(name), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] in {"gzip", "br"}
    assert "Accept-Encoding" in packed["Vary"]
    assert len(body(packed)) < len(body(plain)) / 2


@pytest.mark.parametrize("name", ["css/app.css", "js/app.js", "django_htmx/htmx-2.min.js"])
def test_browsers_that_take_brotli_get_it_and_the_rest_get_gzip(client, name):
    # Brotli makes the week page's htmx and CSS about 2 KB lighter than gzip (bench/RESULTS.md).
    brotli = client.get(static(name), headers={"Accept-Encoding": "gzip, deflate, br"})
    gzip = client.get(static(name), headers={"Accept-Encoding": "gzip"})
    assert brotli["Content-Encoding"] == "br"
    assert gzip["Content-Encoding"] == "gzip"
    assert len(body(brotli)) < len(body(gzip))


def test_the_unhashed_name_is_not_cached_for_long(client):
    # A name without a hash can change under the same URL, so browsers must check again soon.
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "immutable" not in response.get("Cache-Control", "")
