"""The product's small icon set and the `{% icon %}` tag every app's templates use (`{% load icons %}`).

Icons are drawn from one sprite, static/img/icons.svg, built from the npm package lucide-static by
`make assets` (tools/assets.py). Our names say what an icon means here, so a drawing can change
without touching a template. An icon is decoration beside words, never the only label: it is
hidden from screen readers and never takes keyboard focus.
"""

import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "img/icons.svg"

# Our name -> the Lucide icon drawn for it. Only the icons the pages use: each costs every first visit
# a few bytes. Moods have their own coloured faces (templates/journal/_mood_face.html).
ICONS = {
    # Navigation
    "today": "sun",
    "week": "calendar-range",
    "wins": "list-checks",
    "look-back": "history",
    "year": "grid-3x3",
    "report": "file-text",
    "goals": "target",
    "allies": "heart-handshake",
    "account": "circle-user",
    # Actions
    "edit": "pencil",
    "delete": "trash-2",
    "share": "share-2",
    "back": "arrow-left",
    "check": "check",
    # Help right now
    "help": "life-buoy",
}


@register.simple_tag
def icon(name: str, extra_class: str = ""):
    """<svg class="icon"><use href="…/icons.HASH.svg#name"/></svg>, hidden from assistive technology."""
    if name not in ICONS:
        raise template.TemplateSyntaxError(f"There is no icon named {name!r}; the names are in config/icons.py.")
    return _markup(name, extra_class)


# A page may hold a hundred icons (three on every win); looking the sprite's hashed name up in the
# static files' manifest each time would cost more than drawing the rest of a win.
@functools.cache
def _markup(name: str, extra_class: str):
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="20" height="20"><use href="{}#{}"></use></svg>',
        f"icon {extra_class}".strip(),
        static(SPRITE),
        name,
    )


@receiver(setting_changed)
def _forget_markup(*, setting, **kwargs):
    if setting in {"STATIC_URL", "STORAGES"}:
        _markup.cache_clear()
