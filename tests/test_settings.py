import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config import env
from config import settings as settings_module

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The test run's own switches (async-unsafe for Playwright) must not leak in.
    unwanted = {"DEBUG", "SECURE", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please"])
def test_envbool_refuses_values_it_cannot_understand(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        settings_module.envbool("SOME_FLAG", False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("off", False), ("TRUE", True), ("", False)])
def test_envbool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert settings_module.envbool("SOME_FLAG", not expected) is expected


def test_envint_refuses_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        settings_module.envint("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-5")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        settings_module.envint("SOME_NUMBER", 1, minimum=0)


def test_envsecret_reads_a_file_and_refuses_both_forms(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert settings_module.envsecret("SOME_SECRET") == "from-a-file"
    monkeypatch.setenv("SOME_SECRET", "inline")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        settings_module.envsecret("SOME_SECRET")


def test_email_url_becomes_an_smtp_mailer(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtps://me%40x.example:p%40ss@mail.example")
    options = env.smtp_mailer()
    assert options["host"] == "mail.example"
    assert (options["port"], options["use_ssl"], options["use_tls"]) == (465, True, False)
    assert (options["username"], options["password"]) == ("me@x.example", "p@ss")


def test_email_url_with_another_scheme_is_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "http://mail.example")
    with pytest.raises(ImproperlyConfigured, match="smtp://"):
        env.smtp_mailer()


def test_a_bad_value_stops_the_app_at_start_up():
    result = run_manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_secure_mode_without_a_secret_key_stops_the_app():
    result = run_manage("check", SECURE="1")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECURE="1",
        SECRET_KEY="k" * 20 + "-a-long-and-random-production-key-9f8e7d6c5b4a",
        ALLOWED_HOSTS="smallwins.example",
        EMAIL_URL="smtp://mailer:secret@mail.smallwins.example:587",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_mail_server_emails_are_saved_as_private_files_not_printed(tmp_path, transactional_db):
    # The review found invitation tokens and notes printed into the server's log.
    env = {name: value for name, value in os.environ.items() if not name.startswith("EMAIL_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    db = connection.settings_dict
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # Queued in the outbox, then sent by one pass of the worker, as in production.
    send = (
        "from django.core.mail import send_mail; "
        "from django.core.management import call_command; "
        "send_mail('Your invitation', 'Open /invite/secret-token-42/ to accept', None, ['ally@example.com']); "
        "call_command('worker', '--batch', '--no-startup-delay')"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", send],
        cwd=ROOT,
        env={**env, "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "secret-token-42" not in result.stdout + result.stderr

    mail_dir = tmp_path / "mail"
    [saved] = list(mail_dir.iterdir())
    assert saved.suffix == ".eml"
    assert "secret-token-42" in saved.read_text()
    assert mail_dir.stat().st_mode & 0o777 == 0o700
    assert saved.stat().st_mode & 0o777 == 0o600


def test_an_existing_mail_folder_is_closed_to_others_too(tmp_path):
    from django.core.mail import EmailMessage

    from config.mail import PrivateFileBackend

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(mode=0o755)
    mail_dir.chmod(0o755)
    sent = PrivateFileBackend(file_path=str(mail_dir)).send_messages(
        [EmailMessage("One", "First", "a@example.com", ["b@example.com"]), EmailMessage("Two", "Second")]
    )
    assert sent == 2
    assert len(list(mail_dir.iterdir())) == 2
    assert mail_dir.stat().st_mode & 0o777 == 0o700


def test_email_settings_choose_smtp_when_a_server_is_named_and_files_otherwise(monkeypatch):
    for name in ("EMAIL_URL", "EMAIL_URL_FILE", "EMAIL_HOST"):
        monkeypatch.delenv(name, raising=False)
    outgoing = env.outgoing_mailer(settings_module.VAR_DIR)
    assert outgoing["BACKEND"] == "config.mail.PrivateFileBackend"
    assert outgoing["OPTIONS"]["file_path"] == str(settings_module.VAR_DIR / "mail")
    assert settings_module.MAILERS["outgoing"] == outgoing
    monkeypatch.setenv("EMAIL_HOST", "mail.example")
    assert env.outgoing_mailer(settings_module.VAR_DIR)["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_every_email_goes_through_the_outbox_and_only_the_worker_talks_to_the_mail_server():
    assert settings_module.MAILERS["default"] == {"BACKEND": "background.mail.OutboxBackend"}
    assert set(settings_module.MAILERS) == {"default", "outgoing"}
    assert settings_module.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.parametrize(("raw", "expected"), [("admin/", "admin/"), (" /staff-7f3k ", "staff-7f3k/"), ("", "")])
def test_admin_url_is_read_as_a_path_and_empty_turns_it_off(monkeypatch, raw, expected):
    monkeypatch.setenv("ADMIN_URL", raw)
    assert settings_module._admin_url() == expected


def test_an_admin_url_that_is_not_a_plain_path_stops_the_app():
    result = run_manage("check", ADMIN_URL="admin page/")
    assert result.returncode != 0
    assert "ADMIN_URL must be a plain path" in result.stderr
