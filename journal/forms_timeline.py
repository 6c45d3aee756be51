"""Forms for the week page, the look-back page and the report."""

import datetime

from django import forms
from django.core import signing
from django.utils.dateformat import format as date_format

from . import weeks
from .models import Reflection

REFLECTION_FIELDS = ["five_wins", "honored_myself", "what_helped", "try_next_week", "proud"]
_WRITER_SALT = "journal.reflection.writer"


def writer_token(user) -> str:
    """A signed note of who the reflection form was shown to.

    A draft that arrives after the session expired is kept and saved after
    the next log-in. When it carries this note it is saved only into the
    account of the person who was writing it, never into the account of
    someone else who logs in on the same browser later.
    """
    return signing.dumps(user.pk, salt=_WRITER_SALT)


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
            field: {"max_length": "That's a lot to hold. Please keep it under 5,000 characters."}
            for field in REFLECTION_FIELDS
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.initial["writer"] = writer_token(user)

    def clean_writer(self) -> int | None:
        try:
            return signing.loads(self.cleaned_data.get("writer") or "", salt=_WRITER_SALT)
        except signing.BadSignature:
            return None

    def draft(self) -> dict:
        """What the person typed, ready to keep in the session until they are logged in again."""
        return {name: self.cleaned_data[name] for name in REFLECTION_FIELDS} | {"writer": self.cleaned_data["writer"]}

    @staticmethod
    def data_from_draft(draft: dict) -> dict:
        """A kept draft as form data again, so it is validated like any other post."""
        data = {name: draft.get(name, "") for name in REFLECTION_FIELDS if name != "proud"}
        if draft.get("proud"):
            data["proud"] = "on"
        return data

    def save_for(self, owner, week_start: datetime.date) -> Reflection:
        """One reflection per owner and week: create it the first time, update it after."""
        reflection, _created = Reflection.objects.update_or_create(
            owner=owner,
            week_start=week_start,
            defaults={name: self.cleaned_data[name] for name in REFLECTION_FIELDS},
        )
        return reflection


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
