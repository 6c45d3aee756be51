"""The service worker's push handlers: served at the root, and kept by the site's own worker."""

from pathlib import Path

import pytest

ROOT_FILES = Path(__file__).resolve().parents[1] / "static" / "root"


@pytest.mark.django_db
def test_the_push_handlers_are_served_at_the_root_as_javascript(client):
    response = client.get("/sw-push.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(("text/javascript", "application/javascript"))
    body = b"".join(response.streaming_content).decode()
    assert 'addEventListener("push"' in body and 'addEventListener("notificationclick"' in body


def test_the_sites_worker_imports_the_push_handlers():
    # Without the import, a push reaching /sw.js would show the browser's own "updated in the background" note.
    worker = ROOT_FILES / "sw.js"
    if not worker.exists():
        pytest.skip("No site worker yet: static/js/push.js registers /sw-push.js on its own")
    assert 'importScripts("/sw-push.js")' in worker.read_text()
