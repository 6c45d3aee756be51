"""Forms for the week page, the look-back page and the report."""

import datetime
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.utils.dateformat import format as date_format

from . import weeks
from .models import REFLECTION_FIELDS, REFLECTION_TEXT_MAX, Reflection

_WRITER_SALT = "journal.reflection.writer"


@dataclass(frozen=True)
class Writer:
    """Who the reflection form was shown to, for which week, and the reflection as it stood then."""

    user_id: int
    week_start: datetime.date
    based_on: datetime.datetime | None


def writer_token(user, week_start: datetime.date, reflection: Reflection | None = None) -> str:
    """A signed note of who the reflection form was shown to, for which week and from which saved version.

    A draft that arrives after the session expired is kept only when it carries
    this note, and only for the person it names; after their next log-in it is
    saved into the week's reflection only if that has not changed since (see
    journal.models.KeptDraft).
    """
    based_on = reflection.updated_at.isoformat() if reflection is not None and reflection.pk else None
    return signing.dumps({"u": user.pk, "w": week_start.isoformat(), "b": based_on}, salt=_WRITER_SALT)


def read_writer_token(value: str) -> Writer | None:
    try:
        note = signing.loads(value or "", salt=_WRITER_SALT)
        return Writer(
            user_id=int(note["u"]),
            week_start=datetime.date.fromisoformat(note["w"]),
            based_on=datetime.datetime.fromisoformat(note["b"]) if note["b"] else None,
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None  # no note, a forged one, or one from before the week and version were in it


class ReflectionForm(forms.ModelForm):
    writer = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Reflection
        fields = REFLECTION_FIELDS
        widgets = {
            "five_wins": forms.Textarea(attrs={"rows": 5}),
            "honored_myself": forms.Textarea(attrs={"rows": 3}),
            "what_helped": forms.Textarea(attrs={"rows": 3}),
            "try_next_week": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"five_wins": "One per line is fine. Small ones count."}
        error_messages = {
            field: {"max_length": f"That's a lot to hold. Please keep it under {REFLECTION_TEXT_MAX:,} characters."}
            for field in REFLECTION_FIELDS
        }

    def __init__(self, *args, user=None, week_start: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated and week_start is not None:
            self.initial["writer"] = writer_token(user, week_start, self.instance)

    def clean_writer(self) -> Writer | None:
        return read_writer_token(self.cleaned_data.get("writer") or "")

    def answers(self) -> dict:
        """What the person typed, as cleaned (a draft keeps these until they log in again)."""
        return {name: self.cleaned_data[name] for name in REFLECTION_FIELDS}

    def save_for(self, owner, week_start: datetime.date) -> Reflection:
        """One reflection per owner and week: create it the first time, update it after."""
        reflection, _created = Reflection.objects.update_or_create(
            owner=owner, week_start=week_start, defaults=self.answers()
        )
        return reflection


class KeptDraftForm(forms.Form):
    """What to do with a draft kept while logged out, offered beside a reflection that changed since."""

    USE, LET_GO = "use", "let-go"
    choice = forms.ChoiceField(choices=[(USE, "Use this draft"), (LET_GO, "Let this draft go")])


class CriticForm(forms.Form):
    critic = forms.CharField(
        label="What is your inner critic saying?",
        max_length=200,
        help_text='For example: "I never ask for help" or "I can\'t say no".',
        error_messages={
            "required": "Type what the critic says, and we'll look for evidence that answers it.",
            "max_length": "Please keep it under 200 characters; a short sentence works best.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
    )


REPORT_MAX_DAYS = 366
REPORT_DEFAULT_WEEKS = 4


class ReportRangeForm(forms.Form):
    """The report's date range. A range it cannot use falls back to the last four weeks, with a kind word."""

    def __init__(self, data=None, *, today: datetime.date, starts_on: int = weeks.MONDAY, **kwargs):
        # Only the two fields count: any other query parameter is ignored.
        if data is not None:
            data = {key: data.get(key) for key in ("from", "to") if data.get(key)}
            data = data or None
        super().__init__(data, **kwargs)
        self.today = today
        self.default_start = weeks.week_start(today, starts_on) - (REPORT_DEFAULT_WEEKS - 1) * weeks.ONE_WEEK
        self.default_end = today
        self.notice = ""
        date_errors = {
            "invalid": "We couldn't read that date. Use the date picker, or type it like 2026-03-02.",
            "required": "Choose a date.",
        }
        self.fields["from"] = forms.DateField(
            label="From", input_formats=["%Y-%m-%d"], required=False, error_messages=date_errors
        )
        self.fields["to"] = forms.DateField(
            label="To", input_formats=["%Y-%m-%d"], required=False, error_messages=date_errors
        )
        for name in ("from", "to"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if data is None:
            self.initial = {"from": self.default_start, "to": self.default_end}

    def _clean_day(self, name: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not weeks.FIRST_DAY <= day <= weeks.LAST_DAY:
            raise forms.ValidationError(
                f"Choose a date between {weeks.FIRST_DAY.year} and {weeks.LAST_DAY.year}.", code="out_of_range"
            )
        return day

    def clean_from(self):
        return self._clean_day("from")

    def clean_to(self):
        return self._clean_day("to")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end = cleaned.get("from"), cleaned.get("to")
        if start is None and end is None:
            start, end = self.default_start, self.default_end
        elif start is None:
            start = max(weeks.FIRST_DAY, end - (REPORT_DEFAULT_WEEKS * 7 - 1) * weeks.ONE_DAY)
        elif end is None:
            end = max(start, self.today)
        if start > end:
            self.add_error("to", "The end date is before the start date. Choose an end on or after the start.")
            return cleaned
        if (end - start).days >= REPORT_MAX_DAYS:
            start = end - (REPORT_MAX_DAYS - 1) * weeks.ONE_DAY
            self.notice = (
                f"A report covers up to a year at a time, so this one starts on {date_format(start, 'j F Y')}."
            )
        cleaned["from"], cleaned["to"] = start, end
        return cleaned

    def date_range(self) -> tuple[datetime.date, datetime.date]:
        """The range to show: the one asked for when it is usable, the last four weeks otherwise."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["from"], self.cleaned_data["to"]
        return self.default_start, self.default_end
