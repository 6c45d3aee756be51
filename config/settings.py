"""Small Wins settings, read from the environment.

Every value comes through one of the small typed helpers in config/env.py. A value that
cannot be understood raises ImproperlyConfigured when the process starts, so
a typo in production shows up at deploy time rather than at 3 a.m.
"""

import os
import re
import secrets
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import envbool, envint, envlist, envsecret, outgoing_mailer
from config.static_headers import static_headers
from config.vapid import vapid_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def _local_secret_key() -> str:
    """A key generated once for a development checkout, kept out of git under var/."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = envbool("DEBUG", False)
SECURE = envbool("SECURE", False)
# Installs the benchmark's tooling (bench/: ceiling probes under /_probe/, manage.py seed_bulk). Never in production.
BENCH_PROBES = envbool("BENCH_PROBES", False)

SECRET_KEY = envsecret("SECRET_KEY")
if SECRET_KEY is None:
    if SECURE:
        raise ImproperlyConfigured("SECURE=1 needs a real SECRET_KEY (or SECRET_KEY_FILE)")
    SECRET_KEY = _local_secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _admin_url() -> str:
    """Where Django's admin answers, as a path like "admin/"; empty turns the admin off."""
    raw = os.environ.get("ADMIN_URL", "admin/")
    path = raw.strip().strip("/")
    if path and not re.fullmatch(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*", path):
        raise ImproperlyConfigured(f"ADMIN_URL must be a plain path such as admin/ (or empty); got {raw!r}")
    return f"{path}/" if path else ""


ADMIN_URL = _admin_url()

INSTALLED_APPS = [
    "crisis",
    "accounts",
    "journal",
    "allies",
    "offline",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    # Django's own form and widget templates, for the project's form renderer (config/forms.py).
    "django.forms",
    "config.apps.StaticFilesConfig",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # The task queue's tables and admin page, then ours: the outbox, retries, the worker and its clock.
    "django_tasks_db",
    "background",
]
if BENCH_PROBES:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    # Above WhiteNoise, so the static crisis page can't be framed by old browsers either.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # WhiteNoise answers static files (and the crisis page) before anything
    # below it can touch the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.NoStoreMiddleware",
    # Django's session middleware, answering the kind 503 when the database can't save a session.
    "config.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
]

# One field template for every form: templates/forms/field.html.
FORM_RENDERER = "config.forms.FormRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "crisis.context_processors.crisis_link",
                "config.navigation.navigation",
                "journal.context_processors.sharing",
            ],
            # `{% load icons %}` in any app's templates: the icon set belongs to no one app.
            "libraries": {"icons": "config.icons"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Persistent connections: a fresh Postgres connection per request made
        # pages several times slower on these machines.
        conn_max_age=envint("CONN_MAX_AGE", 600, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast while the database is down, so people see the kind 503 page
    # quickly instead of a hanging tab.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = envint("DB_CONNECT_TIMEOUT", 3, minimum=1)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {
    # Login throttling counts attempts in the cache; a database cache makes
    # the count shared by every gunicorn worker. Its table is made by a
    # migration (accounts/migrations/*_cache_table.py), so `migrate` alone sets it up.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    },
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# allauth's backend alone: it checks a password once, and hashes once for an
# address nobody holds. With Django's ModelBackend listed too, a wrong password
# was checked twice, so it answered measurably slower than a right one.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Files under static/root are answered at the site root by WhiteNoise, so the
# crisis page at /crisis/ needs neither a view nor the database.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
WHITENOISE_INDEX_FILE = True
# The service worker (static/root/sw.js) is checked again on every visit, and the manifest has its own type.
WHITENOISE_ADD_HEADERS_FUNCTION = static_headers
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Photos on wins live under MEDIA_ROOT with random names, readable by the app
# alone. There is no MEDIA_URL: a photo is only ever streamed through the
# access-checked /photos/<code>/ views, never served as a file.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# A photo (at most 10 MB) is read in memory, so the original, with its GPS
# position and camera details, never lands in a temporary file on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024

# S3-compatible storage for photos (AWS, MinIO, Backblaze, …) when a bucket is
# named. Objects stay private; the app reads them and streams them itself, so
# no bucket URL ever reaches a browser.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": envsecret("AWS_ACCESS_KEY_ID"),
            "secret_key": envsecret("AWS_SECRET_ACCESS_KEY"),
            "location": os.environ.get("AWS_LOCATION", "").strip("/"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Email: files under var/mail/ in development (never the log: emails carry
# invitation tokens and people's words); EMAIL_URL (smtp://user:pass@host:port,
# smtps:// for implicit TLS, ?tls=0 to turn STARTTLS off) or the EMAIL_HOST
# family in production.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Small Wins <hello@smallwins.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


MAILERS = {
    # Every email is stored in the outbox with the change that causes it and sent by
    # the worker (background/mail.py), so no page waits for the mail server.
    "default": {"BACKEND": "background.mail.OutboxBackend"},
    # The mail server itself, used by the worker alone.
    "outgoing": outgoing_mailer(VAR_DIR),
}

# Django's task framework, kept in this database by django-tasks-db and run by
# `python manage.py worker` (background/worker.py). Tasks carry ids only.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker's clock enqueues each of these every so many seconds, once across all workers.
PERIODIC_TASKS = {
    "journal.tasks.send_reminders": envint("REMINDERS_EVERY_SECONDS", 300, minimum=30),
    "background.tasks.sweep": 600,
}
# A task still marked running after this long lost its worker (a machine gone, a kill -9): it runs again.
TASKS_REQUEUE_AFTER_SECONDS = envint("TASKS_REQUEUE_AFTER_SECONDS", 3600, minimum=60)

# Push reminders (accounts/push.py): the VAPID key pair that signs them (config/vapid.py). Generated once
# under var/ for a development checkout; in production set VAPID_PRIVATE_KEY (or _FILE), or they stay off.
VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY = vapid_keys(key_file=VAR_DIR / "push" / "vapid_private_key", generate=not SECURE)
# Who push services may contact about our messages: a mailto: or https: address.
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT") or f"mailto:{parseaddr(DEFAULT_FROM_EMAIL)[1]}"
# The worker only ever sends to these push services, never to an address a browser made up: host names
# (over HTTPS, with their subdomains), or exact origins such as http://127.0.0.1:8080 for a test service.
PUSH_SERVICE_HOSTS = envlist(
    "PUSH_SERVICE_HOSTS",
    ["fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"],
)

# Security headers. Scripts and styles come from our own origin only; there
# is no inline script or style anywhere, so no nonce is needed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 14 * 24 * 3600, minimum=60)
# The age is an idle timeout, not a hard one: accounts.middleware.SessionActivityMiddleware
# saves the session (and "last active") again once this many seconds have passed.
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", min(15 * 60, SESSION_COOKIE_AGE // 4), minimum=0)
if SESSION_REFRESH_SECONDS >= SESSION_COOKIE_AGE:
    raise ImproperlyConfigured(
        f"SESSION_REFRESH_SECONDS ({SESSION_REFRESH_SECONDS}) must be shorter than SESSION_IDLE_SECONDS "
        f"({SESSION_COOKIE_AGE}), or sessions in use would expire."
    )

if SECURE:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# django-allauth: email is the login, there are no usernames.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
# One address per account, changed only through a confirmed change: the new
# address replaces the old one once the link sent to it is followed, and no
# address is ever held by two accounts (accounts.forms, accounts migration 0004).
# Log-in does not wait for a confirmed address; sign-up answers "check your
# email" either way, so it never tells whether an address has an account.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "account_email"
# A borrowed, logged-in browser cannot move the account to another address.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
    # Password and re-authentication forms in our words (sentence case, no placeholders).
    "change_password": "accounts.forms_security.ChangePasswordForm",
    "set_password": "accounts.forms_security.SetPasswordForm",
    "reset_password_from_key": "accounts.forms_security.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms_security.ReauthenticateForm",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Failed log-ins are counted per address *from one IP* ("key": see
# accounts/login_throttle.py), so wrong guesses from an attacker's machine never
# lock the owner out of theirs. "login_failed_address" is the address's own,
# much higher limit against guesses spread over many machines; past it, the
# emailed code (ACCOUNT_LOGIN_BY_CODE_ENABLED) still lets the owner in.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_address": "100/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Behind a reverse proxy every request comes from the proxy's address: the
# throttles above need the client's, from the proxy's X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0, minimum=0)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Small Wins: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SECURE else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Small Wins"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "authenticate": "accounts.forms_security.AuthenticateForm",
    "reauthenticate": "accounts.forms_security.MFAReauthenticateForm",
    "activate_totp": "accounts.forms_security.ActivateTOTPForm",
}
# "Last active" is kept by accounts.middleware.SessionActivityMiddleware at most every
# SESSION_REFRESH_SECONDS; allauth's own tracking writes on every request.
USERSESSIONS_TRACK_ACTIVITY = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The largest file /account/data/ imports (bytes). A 20,000-win export is about 7 MB.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# The most entries (wins, reflections, goals and days goals were done; Daylio rows) one import takes.
# Imports run on the task worker, a chunk of rows at a time in flat memory (docs/EXPORT.md), so this
# bounds how long one import holds the worker rather than a request. A bigger file is refused kindly.
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 300_000, minimum=1)

# Error reports (the emails to ADMINS) never carry what a person typed: see config/logging.py.
DEFAULT_EXCEPTION_REPORTER = "config.logging.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.logging.PrivateExceptionReporterFilter"
ADMINS = envlist("ADMINS", [])
LOGGING_CONFIG = "config.logging.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_secrets": {"()": "config.logging.RedactSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
