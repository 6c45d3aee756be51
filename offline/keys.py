"""Whose a win waiting on a device is, and the key it is sealed with.

A win logged without a connection waits in the browser's IndexedDB until it can be sent. The
browser may be shared, so the win is sealed there for its owner alone: static/js/waiting-wins.js
does ECDH on P-256 with a fresh key pair, HKDF-SHA-256 and AES-GCM against the owner's public
key, and only the server, which holds the private half, can open it. Another person using the same
browser, even with the developer tools open, reads nothing, and a win can only ever be opened in
the account of the person who logged it.

Both the owner id (opaque, stable, never the email) and the key pair come from each person's
random User.offline_secret.
"""

import base64
import functools
import hashlib
import hmac

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

# Must match static/js/waiting-wins.js.
HKDF_INFO = b"small-wins waiting win v1"
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class Unreadable(Exception):
    """A sealed win that this person's key cannot open: someone else's, altered, or not a sealed win at all."""


def b64decode(text: str) -> bytes:
    """URL-safe base64 as the browser writes it, padding or not; ValueError when it isn't."""
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _derived(secret: str, label: bytes) -> bytes:
    return hmac.new(secret.encode(), label, hashlib.sha256).digest()


def owner_id(user) -> str:
    """The opaque id stored beside each of this person's waiting wins."""
    return _derived(user.offline_secret, b"owner").hex()[:32]


@functools.lru_cache(maxsize=4096)
def _private_key(secret: str) -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(_derived(secret, b"seal")) % (P256_ORDER - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def public_key(user) -> str:
    """The public half, as the browser imports it (an uncompressed P-256 point, base64url)."""
    point = _private_key(user.offline_secret).public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return b64encode(point)


def context(owner: str, key: str, part: str) -> bytes:
    """What a sealed part is bound to: its owner, its win's idempotency key and which part it is."""
    return f"{owner}:{key}:{part}".encode()


def open_sealed(user, *, ephemeral: bytes, iv: bytes, sealed: bytes, bound_to: bytes) -> bytes:
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ephemeral)
        shared = _private_key(user.offline_secret).exchange(ec.ECDH(), peer)
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral, info=HKDF_INFO).derive(shared)
        return AESGCM(key).decrypt(iv, sealed, bound_to)
    except (ValueError, InvalidTag) as problem:
        raise Unreadable from problem
