"""The form of My safety plan: a list of lines per step, name-and-phone rows for the people to contact.

Each list step is a textarea, one entry per line, so it works the same with and
without JavaScript. The two contact steps are rows of "Name" and "Phone"; a
saved plan shows one empty row more than it holds, and "Add another" gives one
more. Bad input gets a kind message beside the field, and every word typed stays
in the form.
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core import signing

from crisis.resources import Line, dial_string

from .models import (
    SAFETY_PLAN_ITEM_MAX,
    SAFETY_PLAN_ITEMS_MAX,
    SAFETY_PLAN_PHONE_MAX,
    SAFETY_PLAN_STEPS,
    SafetyPlan,
    Step,
)

_WRITER_SALT = "journal.safety_plan.writer"
MIN_CONTACT_ROWS = 3
_PHONE_CHARACTERS = re.compile(r"^[\d\s+()./-]*$")

TOO_MANY_LINES = (
    f"That's a lot to hold in a hard moment. Please keep it to {SAFETY_PLAN_ITEMS_MAX} lines or fewer: "
    "the ones that help most."
)
LINE_TOO_LONG = (
    f"One line is very long. Please keep each line under {SAFETY_PLAN_ITEM_MAX} characters, "
    "so your plan fits on one page."
)
NAME_TOO_LONG = f"Please keep the name under {SAFETY_PLAN_ITEM_MAX} characters."
PHONE_NOT_A_NUMBER = "Write the number with digits, like 07700 900123. Spaces, + and brackets are fine."
PHONE_TOO_LONG = f"That number is long. Please keep it under {SAFETY_PLAN_PHONE_MAX} characters."
PHONE_WITHOUT_NAME = "Add a name for this number, so you know whose it is."

# What one entry of a contact step is called, on its row and its "Add another" button.
CONTACT_NOUNS = {"ask_for_help": "person", "professionals": "service"}


@dataclass(frozen=True)
class Writer:
    """Who the plan form was shown to, and the plan's updated_at then (None: no plan yet)."""

    user_id: int
    based_on: datetime.datetime | None


def writer_token(user, plan: SafetyPlan) -> str:
    """A signed note of who the form was shown to, so words sent after their session ended can be kept for them."""
    based_on = plan.updated_at.isoformat() if plan.pk else None
    return signing.dumps({"u": user.pk, "b": based_on}, salt=_WRITER_SALT)


def read_writer_token(value: str) -> Writer | None:
    try:
        note = signing.loads(value or "", salt=_WRITER_SALT)
        return Writer(int(note["u"]), datetime.datetime.fromisoformat(note["b"]) if note["b"] else None)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def line_on_offer(line: Line | None, plan_answers: dict) -> dict | None:
    """The country's crisis line as a one-tap addition to "Professionals and services", unless it is there."""
    if line is None or not line.phone:
        return None
    dialled = dial_string(line.phone)
    if any(dial_string(entry["phone"]) == dialled for entry in plan_answers.get("professionals", [])):
        return None
    return {"name": line.name, "phone": line.phone}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SafetyPlanForm(forms.Form):
    writer = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by the buttons beside the contact rows: one more empty row for that step,
    # or the country's crisis line added to "Professionals and services".
    more = forms.ChoiceField(choices=[(name, name) for name in CONTACT_NOUNS], required=False)
    add_line = forms.BooleanField(required=False)

    def __init__(self, *args, plan: SafetyPlan, user=None, offer: dict | None = None, more: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.offer = offer
        saved = plan.answers
        if user is not None and user.is_authenticated:
            self.initial["writer"] = writer_token(user, plan)
        self.rows: dict[str, int] = {}
        for step in SAFETY_PLAN_STEPS:
            if step.contacts:
                self._add_contact_fields(step, saved[step.name], extra=1 if more == step.name else 0)
            else:
                self.fields[step.name] = forms.CharField(
                    label=f"{step.heading}, one per line",
                    help_text=step.hint,
                    required=False,
                    strip=False,
                    max_length=SAFETY_PLAN_ITEMS_MAX * (SAFETY_PLAN_ITEM_MAX + 2),
                    error_messages={"max_length": TOO_MANY_LINES},
                    widget=forms.Textarea(attrs={"rows": 4}),
                    initial="\n".join(saved[step.name]),
                )

    def _add_contact_fields(self, step: Step, saved: list[dict], extra: int) -> None:
        if self.is_bound:
            posted = [i for i in range(SAFETY_PLAN_ITEMS_MAX) if f"{step.name}-{i}-name" in self.data]
            rows = (max(posted) + 1) if posted else MIN_CONTACT_ROWS
        else:
            rows = max(MIN_CONTACT_ROWS, len(saved) + 1)
        rows = min(SAFETY_PLAN_ITEMS_MAX, rows + extra)
        self.rows[step.name] = rows
        for i in range(rows):
            focus = {"autofocus": True} if extra and i == rows - 1 else {}
            entry = saved[i] if i < len(saved) else {"name": "", "phone": ""}
            self.fields[f"{step.name}-{i}-name"] = forms.CharField(
                label="Name",
                required=False,
                max_length=SAFETY_PLAN_ITEM_MAX,
                error_messages={"max_length": NAME_TOO_LONG},
                initial=entry["name"],
                # "Add another" puts the cursor in the new row, with JavaScript or without.
                widget=forms.TextInput(attrs={"autocomplete": "off", **focus}),
            )
            self.fields[f"{step.name}-{i}-phone"] = forms.CharField(
                label="Phone",
                required=False,
                max_length=SAFETY_PLAN_PHONE_MAX,
                error_messages={"max_length": PHONE_TOO_LONG},
                initial=entry["phone"],
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
            )

    # ---- Cleaning ---------------------------------------------------------------------

    def clean_writer(self) -> Writer | None:
        return read_writer_token(self.cleaned_data.get("writer") or "")

    def clean(self):
        cleaned = super().clean()
        for step in SAFETY_PLAN_STEPS:
            if step.contacts:
                self._clean_contacts(step)
            elif step.name in cleaned:
                self._clean_lines(step)
        return cleaned

    def _clean_lines(self, step: Step) -> None:
        lines = _lines(self.cleaned_data[step.name])
        if len(lines) > SAFETY_PLAN_ITEMS_MAX:
            self.add_error(step.name, TOO_MANY_LINES)
        elif any(len(line) > SAFETY_PLAN_ITEM_MAX for line in lines):
            self.add_error(step.name, LINE_TOO_LONG)
        else:
            self.cleaned_data[step.name] = lines

    def _clean_contacts(self, step: Step) -> None:
        for i in range(self.rows[step.name]):
            name_key, phone_key = f"{step.name}-{i}-name", f"{step.name}-{i}-phone"
            if name_key not in self.cleaned_data or phone_key not in self.cleaned_data:
                continue  # already has a kind message from its field
            name, phone = self.cleaned_data[name_key].strip(), self.cleaned_data[phone_key].strip()
            if phone and (not _PHONE_CHARACTERS.match(phone) or len(re.sub(r"\D", "", phone)) < 3):
                self.add_error(phone_key, PHONE_NOT_A_NUMBER)
            elif phone and not name:
                self.add_error(name_key, PHONE_WITHOUT_NAME)

    # ---- What it holds --------------------------------------------------------------

    def answers(self) -> dict:
        """The plan as cleaned: lists of lines, and name-and-phone entries with blank rows left out."""
        answers = {}
        for step in SAFETY_PLAN_STEPS:
            if step.contacts:
                entries = []
                for i in range(self.rows[step.name]):
                    name = self.cleaned_data[f"{step.name}-{i}-name"].strip()
                    phone = self.cleaned_data[f"{step.name}-{i}-phone"].strip()
                    if name or phone:
                        entries.append({"name": name, "phone": phone})
                answers[step.name] = entries
            else:
                answers[step.name] = self.cleaned_data[step.name]
        if self.cleaned_data.get("add_line") and self.offer is not None:
            answers["professionals"] = [*answers["professionals"], dict(self.offer)]
        return answers

    def words_as_typed(self) -> dict:
        """Everything typed, valid or not, within the plan's limits: to keep while the person logs in again."""
        answers = {}
        for step in SAFETY_PLAN_STEPS:
            if step.contacts:
                answers[step.name] = [
                    {
                        "name": self.data.get(f"{step.name}-{i}-name", ""),
                        "phone": self.data.get(f"{step.name}-{i}-phone", ""),
                    }
                    for i in range(self.rows[step.name])
                ]
            else:
                answers[step.name] = _lines(self.data.get(step.name, ""))
        return answers

    def save(self) -> SafetyPlan:
        self.plan.set_answers(self.answers())
        self.plan.forget_stale_kept()
        self.plan.save()
        return self.plan

    # ---- Drawing ----------------------------------------------------------------------

    def blocks(self) -> list[dict]:
        """Each step as the page draws it: its heading and either its textarea or its rows of name and phone."""
        blocks = []
        for step in SAFETY_PLAN_STEPS:
            block = {"step": step, "name": step.name}
            if step.contacts:
                noun = CONTACT_NOUNS[step.name]
                block["noun"] = noun
                block["rows"] = [
                    {
                        "name": self[f"{step.name}-{i}-name"],
                        "phone": self[f"{step.name}-{i}-phone"],
                        "index": i,
                        "number": i + 1,
                    }
                    for i in range(self.rows[step.name])
                ]
                block["can_add"] = self.rows[step.name] < SAFETY_PLAN_ITEMS_MAX
                block["offer"] = self.offer if step.name == "professionals" else None
            else:
                block["field"] = self[step.name]
            blocks.append(block)
        return blocks

    def block(self, name: str) -> dict:
        return next(block for block in self.blocks() if block["name"] == name)

    def row_for_line(self) -> int:
        """Where the crisis line just added goes on the page: the first row left blank, or a new one below."""
        step = "professionals"
        for i in range(self.rows[step]):
            if not (self.data.get(f"{step}-{i}-name", "").strip() or self.data.get(f"{step}-{i}-phone", "").strip()):
                return i
        return self.rows[step]

    def focus_first_error(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["autofocus"] = True
                return


class KeptPlanForm(forms.Form):
    """What to do with words kept while logged out, offered beside a plan that changed since."""

    USE, LET_GO = "use", "let-go"
    choice = forms.ChoiceField(choices=[(USE, "Use these words"), (LET_GO, "Let these words go")])


class MoreRowsForm(forms.Form):
    """?more=<step> after "Add another" without JavaScript: that step shows one more empty row."""

    more = forms.ChoiceField(choices=[(name, name) for name in CONTACT_NOUNS], required=False)

    def step(self) -> str:
        return self.cleaned_data["more"] if self.is_valid() else ""
