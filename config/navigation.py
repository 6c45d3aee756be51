"""Which entry of the main navigation (templates/base.html) the current page belongs to.

A template context processor: `nav_section` names the entry marked
aria-current, so that the year and the report sit under Look back, a win's own
pages under All wins, and allauth's address, two-factor and session pages under
Account.
"""

from django.http import HttpRequest

SECTIONS = {
    "home": "today",
    "week": "week",
    "week_of": "week",
    "wins": "wins",
    "win_detail": "wins",
    "win_edit": "wins",
    "win_photo_page": "wins",
    "look_back": "look_back",
    "year": "look_back",
    "year_current": "look_back",
    "report": "look_back",
    "goals": "goals",
    "goal_edit": "goals",
}
# allauth's own pages and ours for the account share these prefixes.
ACCOUNT_PREFIXES = ("account_", "mfa_", "usersessions_")


def section_of(namespace: str, url_name: str) -> str:
    if namespace == "allies":
        return "allies"
    if url_name in SECTIONS:
        return SECTIONS[url_name]
    if url_name.startswith(ACCOUNT_PREFIXES):
        return "account"
    return ""


def navigation(request: HttpRequest) -> dict:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_authenticated:
        return {"nav_section": ""}
    return {"nav_section": section_of(match.namespace, match.url_name or "")}
