"""Gunicorn settings for Small Wins, read from the environment.

Run with:  gunicorn -c config/gunicorn.py config.wsgi

Environment:
    HOST                 address to bind (default 127.0.0.1; the container sets 0.0.0.0)
    PORT                 port to bind (default 8000)
    WEB_CONCURRENCY      number of worker processes (default 2)
    FORWARDED_ALLOW_IPS  proxies trusted to set X-Forwarded-* headers (default 127.0.0.1)

The access log never contains a query string, and secret tokens carried in
URL paths (ally invitations, password-reset and email-confirmation keys) are
replaced with "[redacted]" before anything is written.
"""

import os
import re

from gunicorn.glogging import Logger


def _env_int(name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    expected = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
    try:
        value = int(raw)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number {expected}; got {raw!r}") from None
    if value < minimum or (maximum is not None and value > maximum):
        raise RuntimeError(f"{name} must be a whole number {expected}; got {raw!r}")
    return value


HOST = os.environ.get("HOST", "").strip() or "127.0.0.1"
PORT = _env_int("PORT", 8000, minimum=1, maximum=65535)
if ":" in HOST and not HOST.startswith("["):
    HOST = f"[{HOST}]"  # an IPv6 address such as :: must be bracketed

bind = f"{HOST}:{PORT}"
workers = _env_int("WEB_CONCURRENCY", 2, minimum=1)
worker_class = "sync"
timeout = 30
graceful_timeout = 20
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1"
# Gunicorn 25+ opens a control socket under $HOME by default; nothing here
# uses gunicornc, so don't leave a writable control channel lying around.
control_socket_disable = True


# --- Access-log redaction ---------------------------------------------------

# Every path segment that follows one of these is a secret (the invitation token,
# the allauth password-reset key, the allauth email-confirmation key).
_SECRET_PATH = re.compile(
    r"(?P<prefix>/(?:invite|password/reset/key|confirm-email)/)(?P<rest>[^\s\"]*)",
    re.IGNORECASE,
)
_SEGMENT = re.compile(r"[^/]+")
# A query string inside a URL or a request line: from "?" up to whitespace.
_QUERY = re.compile(r"\?[^\s\"]*")

# Atoms that hold a URL (or a request line) whose query string is dropped.
_URL_ATOMS = frozenset({"r", "f", "{referer}i", "{raw_uri}e", "{request_uri}e", "{http_referer}e"})
# Atoms that hold nothing but a query string.
_QUERY_ATOMS = frozenset({"q", "{query_string}e"})


def redact(value: str) -> str:
    """Replace every path segment after a secret-bearing prefix with [redacted]."""
    return _SECRET_PATH.sub(
        lambda m: m.group("prefix") + _SEGMENT.sub("[redacted]", m.group("rest")),
        value,
    )


class RedactingLogger(Logger):
    """Gunicorn's logger, minus query strings and secret URL path segments."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # The request line, rebuilt without its query string.
        method = environ.get("REQUEST_METHOD", "-")
        uri = environ.get("RAW_URI") or environ.get("PATH_INFO") or ""
        protocol = environ.get("SERVER_PROTOCOL", "-")
        atoms["r"] = f"{method} {_QUERY.sub('', uri)} {protocol}"
        for key, value in atoms.items():
            if not isinstance(value, str):
                continue
            if key in _QUERY_ATOMS:
                atoms[key] = ""
                continue
            if key in _URL_ATOMS:
                value = _QUERY.sub("", value)
            atoms[key] = redact(value)
        return atoms


logger_class = RedactingLogger
