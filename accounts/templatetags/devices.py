from django import template

from ..devices import describe_device

register = template.Library()


@register.filter
def device_name(user_agent: str) -> str:
    """{{ session.user_agent|device_name }}: "Firefox on Android" rather than the raw header."""
    return describe_device(user_agent)
