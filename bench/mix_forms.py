"""A page's forms, read as a browser would submit them, for the steps of the realistic mix (bench/mix_steps.py).

Only the markup of the form a step needs is parsed, so the driver takes little
of the CPU the server needs.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_FORM = re.compile(r"<form\b.*?</form>", re.DOTALL | re.IGNORECASE)


class StepFailed(Exception):
    """An answer that a person's browser would not have been happy with."""


@dataclass
class Form:
    fields: list[tuple[str, str]] = field(default_factory=list)

    def names(self) -> set[str]:
        return {name for name, _value in self.fields}

    def value(self, name: str) -> str:
        return next((value for field_name, value in self.fields if field_name == name), "")

    def filled(self, **values: str) -> list[tuple[str, str]]:
        """The fields with `values` typed in (replacing what was there)."""
        return [(n, v) for n, v in self.fields if n not in values] + list(values.items())


class _FormReader(HTMLParser):
    """The fields one <form> would submit: inputs, checked boxes, chosen options, textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.form = Form()
        self._select: list | None = None  # [name, chosen, first]
        self._textarea: list | None = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    # As a browser sends it: "on" only when there is no value at all ("Prefer not to say" is "").
                    self.form.fields.append((name, "on" if a.get("value") is None else a["value"]))
                return
            self.form.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.form.fields.append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.form.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def find_form(page: str, *names: str) -> Form:
    """The first form on the page that holds all these fields."""
    for markup in _FORM.findall(page):
        if all(f'name="{name}"' in markup for name in names):
            reader = _FormReader()
            reader.feed(markup)
            return reader.form
    raise StepFailed(f"no form with the fields {', '.join(names)}")
