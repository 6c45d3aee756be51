"""The VAPID key pair: from the environment (or files), checked at start-up, or generated once for a checkout."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured
from py_vapid import Vapid

from config.vapid import b64url, load_private_key, raw_private, raw_public, unb64url, vapid_keys

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_keys_in_the_environment(monkeypatch):
    for name in ("VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY_FILE", "VAPID_PUBLIC_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)


def a_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def test_a_checkout_generates_its_key_once_and_keeps_it_private(tmp_path):
    key_file = tmp_path / "push" / "vapid_private_key"
    private, public = vapid_keys(key_file=key_file, generate=True)
    assert key_file.read_text() == private
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(unb64url(private)) == 32 and len(unb64url(public)) == 65
    # The next start (web or worker) reads the same key.
    assert vapid_keys(key_file=key_file, generate=True) == (private, public)
    assert [path.name for path in key_file.parent.iterdir()] == ["vapid_private_key"]


def test_a_key_already_there_is_never_replaced(tmp_path):
    key_file = tmp_path / "vapid_private_key"
    kept = raw_private(a_key())
    key_file.write_text(kept + "\n")
    assert vapid_keys(key_file=key_file, generate=True)[0] == kept


def test_production_generates_nothing_and_push_stays_off(tmp_path):
    key_file = tmp_path / "vapid_private_key"
    assert vapid_keys(key_file=key_file, generate=False) == ("", "")
    assert not key_file.exists()


def test_keys_from_the_environment_and_the_public_half_follows(monkeypatch, tmp_path):
    key = a_key()
    monkeypatch.setenv("VAPID_PRIVATE_KEY", raw_private(key))
    assert vapid_keys(key_file=tmp_path / "unused", generate=False) == (raw_private(key), raw_public(key))
    monkeypatch.setenv("VAPID_PUBLIC_KEY", raw_public(key))
    assert vapid_keys(key_file=tmp_path / "unused", generate=False)[1] == raw_public(key)
    assert not (tmp_path / "unused").exists()


def test_a_pem_file_as_py_vapid_writes_it(monkeypatch, tmp_path):
    pem = tmp_path / "private_key.pem"
    vapid = Vapid()
    vapid.generate_keys()
    vapid.save_key(str(pem))
    monkeypatch.setenv("VAPID_PRIVATE_KEY_FILE", str(pem))
    private, public = vapid_keys(key_file=tmp_path / "unused", generate=True)
    point = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    assert public == b64url(point)
    assert load_private_key(private).private_numbers() == vapid.private_key.private_numbers()


def test_base64url_der_is_read_too(monkeypatch, tmp_path):
    key = a_key()
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    monkeypatch.setenv("VAPID_PRIVATE_KEY", b64url(der))
    assert vapid_keys(key_file=tmp_path / "unused", generate=False)[1] == raw_public(key)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"VAPID_PRIVATE_KEY": "not a key"}, "must be a P-256 private key"),
        ({"VAPID_PRIVATE_KEY": b64url(b"\x01" * 31)}, "must be a P-256 private key"),
        ({"VAPID_PUBLIC_KEY": raw_public(ec.generate_private_key(ec.SECP256R1()))}, "without VAPID_PRIVATE_KEY"),
        (
            {
                "VAPID_PRIVATE_KEY": raw_private(ec.generate_private_key(ec.SECP256R1())),
                "VAPID_PUBLIC_KEY": raw_public(ec.generate_private_key(ec.SECP256R1())),
            },
            "not the public half",
        ),
        ({"VAPID_PRIVATE_KEY": "x", "VAPID_PRIVATE_KEY_FILE": "/nowhere"}, "not both"),
    ],
)
def test_a_key_that_cannot_be_used_stops_the_app_at_start_up(monkeypatch, tmp_path, env, says):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=says):
        vapid_keys(key_file=tmp_path / "unused", generate=True)


def test_a_p384_key_is_refused(monkeypatch, tmp_path):
    other = ec.generate_private_key(ec.SECP384R1())
    der = other.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    monkeypatch.setenv("VAPID_PRIVATE_KEY", b64url(der))
    with pytest.raises(ImproperlyConfigured, match="P-256"):
        vapid_keys(key_file=tmp_path / "unused", generate=False)


def test_the_module_prints_a_new_pair_for_the_environment():
    env = {name: value for name, value in os.environ.items() if not name.startswith("VAPID_")}
    result = subprocess.run(
        [sys.executable, "-m", "config.vapid"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert set(lines) == {"VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY"}
    assert raw_public(load_private_key(lines["VAPID_PRIVATE_KEY"])) == lines["VAPID_PUBLIC_KEY"]


def test_a_bad_key_in_the_environment_stops_manage_py():
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["VAPID_PRIVATE_KEY"] = "nonsense"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "VAPID_PRIVATE_KEY must be a P-256 private key" in result.stderr
    assert "nonsense" not in result.stderr  # a key is never echoed back
