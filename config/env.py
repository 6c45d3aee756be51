"""Reading settings from the environment: small typed helpers that refuse what they cannot understand.

A value that cannot be understood raises ImproperlyConfigured when the process
starts, so a typo in production shows up at deploy time rather than at 3 a.m.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (Docker secrets)."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at {path!r}, which cannot be read: {exc}") from None
    return value or None


def smtp_mailer() -> dict | None:
    """The SMTP server from EMAIL_URL or the EMAIL_HOST family; None when neither is set."""
    url = envsecret("EMAIL_URL")
    if url:
        parsed = urlsplit(url)
        if parsed.scheme not in {"smtp", "smtps"}:
            raise ImproperlyConfigured(f"EMAIL_URL must start with smtp:// or smtps://; got {parsed.scheme!r}")
        query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        use_ssl = parsed.scheme == "smtps"
        try:
            port = parsed.port or (465 if use_ssl else 587)
        except ValueError:
            raise ImproperlyConfigured("EMAIL_URL has a port that is not a number") from None
        return {
            "host": parsed.hostname or "localhost",
            "port": port,
            "username": unquote(parsed.username or ""),
            "password": unquote(parsed.password or ""),
            "use_ssl": use_ssl,
            "use_tls": not use_ssl and query.get("tls", "1") not in _FALSE,
            "timeout": 10,
        }
    if os.environ.get("EMAIL_HOST"):
        return {
            "host": os.environ["EMAIL_HOST"],
            "port": envint("EMAIL_PORT", 587, minimum=1),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": envsecret("EMAIL_HOST_PASSWORD") or "",
            "use_tls": envbool("EMAIL_USE_TLS", True),
            "timeout": 10,
        }
    return None


def outgoing_mailer(var_dir: Path) -> dict:
    """The mailer the worker sends through: the SMTP server when one is set, else private files under var/mail/."""
    smtp = smtp_mailer()
    if smtp:
        return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": smtp}
    return {"BACKEND": "config.mail.PrivateFileBackend", "OPTIONS": {"file_path": str(var_dir / "mail")}}
