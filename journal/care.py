"""A gentle word when saved words sound like crisis: which card a save shows, and carrying it over a redirect.

When a saved win, weekly reflection or ally note holds words of acute crisis
(crisis/phrases.py), the answer shows a calm card with the person's emergency
number, their country's main crisis line, their safety plan and their crisis
page; words of resisting get a warm card instead. The save itself never changes.

The card shows once per text: it compares the words as they were before the save
with the words saved, so nothing about it is ever kept. No flag, score or trace
of a match is stored, logged or emailed. After a redirect (no JavaScript) the
card travels as a message holding only its kind ("crisis" or "resisting"),
never the words, and the message goes once the page shows it.
"""

from django.contrib import messages
from django.http import HttpRequest

from crisis.phrases import Kind, card_for_change
from crisis.resources import CountryHelp, country_help

from .words import CARD_CRISIS, CARD_NO_COUNTRY, CARD_RESISTING

# The messages framework's extra tag that marks a card rather than words to show.
CARD_TAG = "care-card"
KINDS = (str(Kind.CRISIS), str(Kind.RESISTING))


def card_for(before: str, after: str) -> str:
    """ "crisis", "resisting", or "" when the save shows no card (the words hold nothing new)."""
    kind = card_for_change(before or "", after or "")
    return "" if kind == Kind.NONE else str(kind)


def joined(*texts: str) -> str:
    """Several answers read as one text, each its own sentence."""
    return "\n".join(text for text in texts if text)


def carry(request: HttpRequest, kind: str) -> None:
    """Show the card on the page a plain form redirects to."""
    if kind in KINDS:
        messages.add_message(request, messages.INFO, kind, extra_tags=CARD_TAG)


def _line_to_reach(help_here: CountryHelp | None):
    """The country's main line, or the first it lists that can be called or texted."""
    if help_here is None:
        return None
    return next((line for line in help_here.lines if line.phone or line.sms), help_here.main_line)


def card_context(user, kind: str) -> dict:
    help_here = country_help(getattr(user, "country", "") if user is not None else "")
    return {
        "kind": kind,
        "words": CARD_RESISTING if kind == Kind.RESISTING else CARD_CRISIS,
        "help_here": help_here,
        "line": _line_to_reach(help_here),
        "no_country": CARD_NO_COUNTRY,
        "signed_in": bool(user is not None and user.is_authenticated),
    }
