"""The VAPID key pair that signs push reminders, read from the environment or generated once into var/.

VAPID_PRIVATE_KEY (or VAPID_PRIVATE_KEY_FILE) holds the private key as the
web-push tools print it (base64url, 32 bytes), as base64url DER, or as a PEM
file. VAPID_PUBLIC_KEY is optional: it follows from the private key, and when
it is given it must be that key's, so a pair mixed up in a deploy stops the
app at start-up instead of every push being refused later.

Without either, a development checkout generates a key once under var/ (as
it does the secret key); web and worker on one machine share it. Production
(SECURE=1) never makes one up, because each machine would make its own and
the browsers' subscriptions would only match one of them: there, push
reminders stay off until the keys are set.

    python -m config.vapid    prints a new pair as two environment lines
"""

import base64
import binascii
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured

from config.env import envsecret


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def raw_private(key: ec.EllipticCurvePrivateKey) -> str:
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def raw_public(key: ec.EllipticCurvePrivateKey) -> str:
    """The public key as browsers take it for applicationServerKey: an uncompressed point, base64url."""
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64url(point)


def load_private_key(text: str, name: str = "VAPID_PRIVATE_KEY") -> ec.EllipticCurvePrivateKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            raw = unb64url(text)
            if len(raw) == 32:
                key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
            else:
                key = serialization.load_der_private_key(raw, password=None)
    except (ValueError, TypeError, binascii.Error):
        key = None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ImproperlyConfigured(
            f"{name} must be a P-256 private key: base64url (as `python -m config.vapid` prints it), "
            "base64url DER, or PEM"
        )
    return key


def new_private_key() -> str:
    return raw_private(ec.generate_private_key(ec.SECP256R1()))


def local_private_key(key_file: Path) -> str:
    """The key generated once for this checkout; of two processes starting together, both read the same one."""
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        draft = key_file.with_name(f".{key_file.name}.{secrets.token_hex(8)}")
        draft.write_text(new_private_key())
        draft.chmod(0o600)
        try:
            # A hard link never replaces a file that is already there: the first process's key stays.
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()


def vapid_keys(*, key_file: Path, generate: bool) -> tuple[str, str]:
    """(private, public), both base64url; ("", "") when none are set and none may be generated."""
    private = envsecret("VAPID_PRIVATE_KEY")
    public = envsecret("VAPID_PUBLIC_KEY")
    if private is None:
        if public:
            raise ImproperlyConfigured("VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY: set both, or neither")
        if not generate:
            return "", ""
        private = local_private_key(key_file)
        name = str(key_file)
    else:
        name = "VAPID_PRIVATE_KEY"
    key = load_private_key(private, name)
    derived = raw_public(key)
    if public and public.strip() != derived:
        raise ImproperlyConfigured(
            "VAPID_PUBLIC_KEY is not the public half of VAPID_PRIVATE_KEY "
            "(leave it out: it follows from the private key)"
        )
    return raw_private(key), derived


if __name__ == "__main__":
    key = load_private_key(new_private_key())
    print(f"VAPID_PRIVATE_KEY={raw_private(key)}")
    print(f"VAPID_PUBLIC_KEY={raw_public(key)}")
