"""Where a person is logged in, on top of allauth.usersessions.

allauth tracks every logged-in session (`UserSession`; its "last seen" is
refreshed by accounts.middleware.SessionActivityMiddleware) and ends one through its adapter,
which deletes the Django session too. This module lists them for the account
page in a fixed number of queries and ends the others when the password
changes, which allauth does not do while ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE
keeps the current session.
"""

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .devices import describe_device


def active_sessions(user, current_key: str | None) -> list[UserSession]:
    """The person's live sessions, this one first, newest activity next; two queries."""
    live = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=timezone.now())
    # Rows whose Django session has expired or been deleted are history, not sessions.
    UserSession.objects.filter(user=user).exclude(Exists(live)).delete()
    sessions = list(UserSession.objects.filter(user=user).order_by("-last_seen_at"))
    for session in sessions:
        session.is_this_one = session.session_key == current_key
        session.device = describe_device(session.user_agent)
    sessions.sort(key=lambda s: not s.is_this_one)
    return sessions


def end_sessions(sessions) -> int:
    sessions = list(sessions)
    get_adapter().end_sessions(sessions)
    return len(sessions)


def end_other_sessions(user, current_key: str | None) -> int:
    return end_sessions(UserSession.objects.filter(user=user).exclude(session_key=current_key))


def on_password_changed(sender, request, user, **kwargs) -> None:
    """A new password ends every other session at once, not at their next click."""
    current_key = request.session.session_key if request.user.is_authenticated else None
    end_other_sessions(user, current_key)
