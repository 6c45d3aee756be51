"""Where photo files live: MEDIA_ROOT by default, a private S3-compatible bucket when one is named."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[1]
SHOW_STORAGE = (
    "import json; from django.conf import settings; from django.core.files.storage import storages; "
    "print(json.dumps({'class': type(storages['default']).__name__, "
    "'options': settings.STORAGES['default'].get('OPTIONS', {})}))"
)


def storage_with(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_STORAGE],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_photos_live_under_media_root_outside_static_and_are_never_served_as_files():
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(settings.STATIC_ROOT).resolve() not in media.parents
    assert (settings.BASE_DIR / "static").resolve() not in media.parents
    # No address serves uploaded files as files: only /photos/<code>/, with its access check.
    for path in ("/media/photos/0123abcd.jpg", "/photos/0123abcd.jpg", "/photos/thumbs/0123abcd.jpg"):
        with pytest.raises(Resolver404):
            resolve(path)
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o640


def test_a_named_bucket_switches_photos_to_private_s3_storage():
    found = storage_with(
        AWS_STORAGE_BUCKET_NAME="smallwins-photos",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_REGION_NAME="eu-west-1",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert found["class"] == "S3Storage"
    options = found["options"]
    assert options["bucket_name"] == "smallwins-photos"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["region_name"] == "eu-west-1"
    assert (options["default_acl"], options["querystring_auth"], options["file_overwrite"]) == ("private", True, False)


def test_without_a_bucket_photos_stay_on_the_local_disk():
    assert storage_with()["class"] == "FileSystemStorage"
