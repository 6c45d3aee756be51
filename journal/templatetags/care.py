"""{% crisis_card kind %} draws the calm card (journal/care.py); |dial turns a number into what a tel: link holds."""

from django import template

from crisis.resources import dial_string

from ..care import CARD_TAG, KINDS, card_context

register = template.Library()


@register.inclusion_tag("journal/_crisis_card.html", takes_context=True)
def crisis_card(context, kind: str) -> dict:
    return card_context(context.get("user"), kind) if kind in KINDS else {"kind": ""}


@register.filter
def dial(number: str) -> str:
    return dial_string(number or "")


@register.filter
def is_card(message) -> bool:
    """A message that carries the crisis card rather than words to show."""
    return getattr(message, "extra_tags", "") == CARD_TAG


@register.filter
def words_only(messages) -> list:
    """The messages to show as words: every one but a card's."""
    return [message for message in messages or () if not is_card(message)]
