"""Keep journal text and secret tokens out of logs and error emails.

Three layers, each for a different way text could leak:

* A log-record factory redacts every record when it is made, so every handler
  (console, error emails, a test's caplog) sees the same clean message: secret
  URL paths, query strings, and quoted values inside exception messages.
* PrivateExceptionReporterFilter blanks every POST value, GET value, cookie
  and frame variable in error reports. Journal text arrives by POST; the
  default filter only blanks fields marked sensitive, and this app's every
  field is sensitive.
* PrivateExceptionReporter drops the query string from the reported URL and
  redacts the exception message, which Django would otherwise copy as-is.
"""

import logging
import logging.config
import re
import traceback

from django.template.base import VariableDoesNotExist
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# Paths that carry a secret: ally invitations, password-reset and email keys, reminder unsubscribe links.
_SECRET_PATH = re.compile(
    r"(/(?:invite|accounts/password/reset/key|accounts/confirm-email|reminders/unsubscribe)/)[^/\s\"']+"
)
# A query string after a path ("/wins/?q=my words"): filters can hold journal words.
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']+")
# Values quoted inside exception messages: "“abc” is not a valid UUID",
# "expected a number but got 'abc'", PostgreSQL's "Key (x)=(abc)".
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”|\u2018[^\u2019\n]*\u2019|«[^»\n]*»")
_DB_DETAIL = re.compile(r"(=|Failing row contains )\([^\n]*\)")
# A model's repr shows its __str__, which for a win is its text: <Win: Got out of bed>.
_MODEL_REPR = re.compile(r"<([A-Z]\w*): [^<>\n]*>")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    text = _SECRET_PATH.sub(rf"\1{REDACTED}", text)
    return _QUERY.sub(rf"\1?{REDACTED}", text)


def redact_exception_message(text: str) -> str:
    """An exception's message without the values it quotes (which may be someone's words)."""
    text = _DB_DETAIL.sub(rf"\1({REDACTED})", redact(text))
    text = _MODEL_REPR.sub(rf"<\1: {REDACTED}>", text)
    return _QUOTED.sub(f"'{REDACTED}'", text)


def _redact_traceback(exc_info) -> str:
    te = traceback.TracebackException(*exc_info)
    seen = set()
    pending = [te]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        message = current._str or ""
        if getattr(current, "exc_type", None) is VariableDoesNotExist:
            # "Failed lookup for key [x] in <the whole template context>": the
            # context holds the page's data, journal text included.
            message = message.partition(" in ")[0]
        current._str = redact_exception_message(message)
        if getattr(current, "__notes__", None):
            current.__notes__ = [redact_exception_message(str(note)) for note in current.__notes__]
        pending += [current.__cause__, current.__context__, *(current.exceptions or [])]
    return "".join(te.format()).rstrip("\n")


def _redact_record(record: logging.LogRecord) -> None:
    # Redact the finished message: a secret can sit in the template or in an
    # argument, and redacting the template alone could break its %s slots.
    try:
        message = record.getMessage()
    except Exception:
        message = None
    if message is not None:
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        # Formatters reuse exc_text when it is set, so every handler prints
        # this redacted traceback instead of formatting the raw one.
        record.exc_text = _redact_traceback(record.exc_info)


def install_record_factory() -> None:
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_secrets", False):
        return

    def factory(*args, **kwargs):
        record = current(*args, **kwargs)
        _redact_record(record)
        return record

    factory.redacts_secrets = True
    logging.setLogRecordFactory(factory)


def configure(logging_settings: dict) -> None:
    """LOGGING_CONFIG: Django's dictConfig, then the redacting record factory."""
    logging.config.dictConfig(logging_settings)
    install_record_factory()


class RedactSecretsFilter(logging.Filter):
    """Keep tokens out of every log line, including Django's "Not Found: /invite/…"."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        # django.request attaches the request; its path would reach the console.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None
        return True


# Request headers an error report may show as they are; every other one is blanked.
_SAFE_META = frozenset(
    {
        "REQUEST_METHOD",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
        "CONTENT_TYPE",
        "CONTENT_LENGTH",
        "HTTP_HOST",
        "HTTP_USER_AGENT",
        "HTTP_ACCEPT",
        "HTTP_ACCEPT_LANGUAGE",
        "HTTP_HX_REQUEST",
        "REMOTE_ADDR",
        "wsgi.url_scheme",
    }
)


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Every value a person typed or a browser sent is blanked in error reports."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        if not self.is_active(request):
            return request.POST
        return {key: self.cleansed_substitute for key in request.POST}

    def get_safe_cookies(self, request):
        if request is None or not self.is_active(request):
            return super().get_safe_cookies(request)
        return {key: self.cleansed_substitute for key in request.COOKIES}

    def get_safe_request_meta(self, request):
        if request is None or not self.is_active(request):
            return super().get_safe_request_meta(request)
        safe = {}
        for key, value in request.META.items():
            if key in ("PATH_INFO", "SCRIPT_NAME"):
                safe[key] = redact(str(value))
            elif key in _SAFE_META:
                safe[key] = self.cleanse_setting(key, value)
            else:
                safe[key] = self.cleansed_substitute
        return safe

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class _RequestSummary:
    """What the report's template shows of a request: the method and a redacted path."""

    def __init__(self, request):
        self.path_info = redact(request.path_info)
        self.path = redact(request.path)
        self.method = request.method
        self.META = {"REQUEST_METHOD": request.META.get("REQUEST_METHOD", "")}

    def __bool__(self) -> bool:
        return True


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is None or not self.filter.is_active(self.request):
            return data
        blank = self.filter.cleansed_substitute
        data["request"] = _RequestSummary(self.request)
        data["request_GET_items"] = [(key, blank) for key in self.request.GET]
        data["request_FILES_items"] = [(key, blank) for key in self.request.FILES]
        data["request_insecure_uri"] = (
            f"{self.request.scheme}://{self.request._get_raw_host()}{redact(self.request.path)}"
        )
        if "exception_value" in data:
            data["exception_value"] = redact_exception_message(str(data["exception_value"]))
        if "exception_notes" in data:
            data["exception_notes"] = redact_exception_message(data["exception_notes"])
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = redact_exception_message(str(frame["exc_cause"]))
        return data
