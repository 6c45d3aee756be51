import datetime
import uuid
from dataclasses import dataclass

from django import forms
from django.utils.dateformat import format as date_format
from django.utils.http import url_has_allowed_host_and_scheme

from . import photos
from .categories import category_for_words
from .models import EMPTY_TEXT_MESSAGE, WIN_TEXT_MAX, Category, Mood, Win
from .weeks import FIRST_DAY
from .widgets import MoodFaces
from .words import CHOOSE_FOR_ME, CHOOSE_FOR_ME_HELP, HARD_DAY_LABEL, NO_MOOD_WORDS, QUICK_WINS

TEXT_ERRORS = {
    "required": EMPTY_TEXT_MESSAGE,
    "max_length": f"That's a little long: please keep it to {WIN_TEXT_MAX} characters (it has %(show_value)d).",
}
CATEGORY_ERRORS = {"invalid_choice": "Please choose one of the categories in the list."}
MOOD_ERRORS = {"invalid_choice": "Please choose one of the moods in the list, or leave it out."}
DATE_ERRORS = {"invalid": "That doesn't look like a date. Try one like 2025-03-14."}
NO_MOOD = ("", NO_MOOD_WORDS)
# The fields behind "Add details" on Today: the text and Log win come first.
DETAIL_FIELDS = ("category", "mood", "hard_day", "shared_with_allies", "photo", "occurred_on")


@dataclass(frozen=True)
class Preset:
    slug: str
    text: str
    category: str


# One tap logs one of these with its category (the words are in journal/words.py).
PRESETS = tuple(Preset(slug, text, Category(value)) for slug, text, value in QUICK_WINS)

# The "Grateful for…" prompt on Today: it starts the text for you (with
# JavaScript in place, without it by reloading Today with ?prompt=grateful).
GRATITUDE_PROMPT = "Grateful for…"
GRATITUDE_START = "Grateful for "
PHOTO_HELP = "Optional. A JPEG, PNG or WebP picture up to 10 MB. We remove its location and camera details."
PHOTO_ERRORS = {
    "empty": "That file is empty. Please choose a photo.",
    "invalid": "That didn't arrive as a file. Please choose the photo again.",
    "missing": "That didn't arrive as a file. Please choose the photo again.",
}
PRESETS_BY_SLUG = {preset.slug: preset for preset in PRESETS}


def presets_with_fresh_keys() -> list[dict]:
    """The Quick wins buttons, each with its own idempotency key for this page view."""
    return [{"preset": preset, "key": uuid.uuid4()} for preset in PRESETS]


def _parse_key(value) -> uuid.UUID | None:
    # A missing or mangled key is not the person's fault: the win is logged, only without the double-send guard.
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def category_field() -> forms.ChoiceField:
    """The category picker of a win and of a goal; left on "Choose for me", the words choose (JournalFormMixin)."""
    return forms.ChoiceField(
        label="Category",
        choices=[("", CHOOSE_FOR_ME), *Category.choices],
        required=False,
        help_text=CHOOSE_FOR_ME_HELP,
        error_messages=CATEGORY_ERRORS,
    )


class JournalFormMixin:
    """A win's form and a goal's form clean their category and show their errors alike."""

    def clean_category(self) -> str:
        # "text" is declared before "category" in both forms, so it is cleaned by now.
        return self.cleaned_data["category"] or category_for_words(self.cleaned_data.get("text") or "")

    def focus_first_error(self) -> None:
        """After an HTMX round trip, put the cursor where the first kind message is."""
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["autofocus"] = True
                return


class WinForm(JournalFormMixin, forms.ModelForm):
    """The fields a person fills in for a win; the log and edit forms build on it."""

    text = forms.CharField(label="Today I…", max_length=WIN_TEXT_MAX, strip=True, error_messages=TEXT_ERRORS)
    category = category_field()
    mood = forms.TypedChoiceField(
        label="Mood",
        choices=[*Mood.choices, NO_MOOD],
        coerce=int,
        empty_value=None,
        required=False,
        widget=MoodFaces,
        error_messages=MOOD_ERRORS,
    )
    hard_day = forms.BooleanField(label=HARD_DAY_LABEL, required=False)
    occurred_on = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )
    shared_with_allies = forms.BooleanField(
        label="Share with my allies",
        required=False,
        help_text="Only allies you have invited can see shared wins.",
    )
    photo = forms.FileField(label="Add a photo", required=False, help_text=PHOTO_HELP, error_messages=PHOTO_ERRORS)

    class Meta:
        model = Win
        fields = ["text", "category", "mood", "hard_day", "occurred_on", "shared_with_allies"]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.instance.owner = owner
        self.today = owner.local_today()
        self.new_photo: photos.Photo | None = None
        day = self.fields["occurred_on"]
        day.widget.attrs["max"] = self.today.isoformat()
        day.widget.attrs["min"] = FIRST_DAY.isoformat()
        if not self.instance.pk:
            day.initial = self.today
        self.fields["photo"].widget.attrs["accept"] = photos.accept_attribute()

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            # Decoded, checked and re-encoded here, so a photo we can't use is a
            # message beside its field and the rest of what was typed stays.
            self.new_photo = photos.read_upload(upload)
        except photos.PhotoProblem as problem:
            raise forms.ValidationError(str(problem), code="photo") from None
        return upload

    @property
    def photo_needs_choosing_again(self) -> bool:
        """A good photo sent with a form that needs fixing: browsers can't keep a chosen file, so we say so."""
        return self.is_bound and bool(self.errors) and self.new_photo is not None

    def clean_occurred_on(self) -> datetime.date:
        # Left empty, the day is the owner's own today (or stays as it was, when editing).
        # The model refuses future days, so the rule lives in one place.
        return self.cleaned_data["occurred_on"] or self.instance.occurred_on or self.today

    @property
    def shows_another_day(self) -> bool:
        """Whether a day other than today is chosen, or the day needs fixing."""
        if "occurred_on" in self.errors:
            return True
        value = self.data.get(self.add_prefix("occurred_on")) if self.is_bound else None
        return bool(value) and value != self.today.isoformat()

    @property
    def shows_details(self) -> bool:
        """Whether "Add details" on Today starts open: something inside needs fixing, or was chosen.

        A form sent back to fix its words keeps open what the person had opened,
        so a mood picked before the text was written is not hidden away again.
        """
        if any(name in self.errors for name in DETAIL_FIELDS) or self.photo_needs_choosing_again:
            return True
        if not self.is_bound:
            return False
        chosen = ("category", "mood", "hard_day", "shared_with_allies")
        if any(self.data.get(self.add_prefix(name)) for name in chosen):
            return True
        return bool(self.files.get(self.add_prefix("photo"))) or self.shows_another_day


class LogWinForm(WinForm):
    """The quick-log form on Today. Its hidden key makes a re-sent form log one win, not two."""

    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, prompt: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.widget.attrs.update({"autocomplete": "off", "enterkeyhint": "done"})
        if not self.is_bound:
            self.fields["idempotency_key"].initial = uuid.uuid4()
        if prompt == "grateful" and not self.is_bound:
            # The "Grateful for…" chip without JavaScript: Today again, the words started for you.
            text.initial = GRATITUDE_START
            text.widget.attrs.update({"placeholder": GRATITUDE_PROMPT, "autofocus": True})
            self.fields["category"].initial = Category.GRATITUDE

    def clean_idempotency_key(self) -> uuid.UUID | None:
        return _parse_key(self.cleaned_data["idempotency_key"])

    def save(self, commit: bool = True) -> Win:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        stored = photos.store(self.new_photo) if self.new_photo else {}
        try:
            win, created = Win.log(
                owner=self.owner, idempotency_key=self.cleaned_data["idempotency_key"], **fields, **stored
            )
            # False for a re-sent form: the win is the first copy's (journal/views/today.py then redraws Today's list).
            self.created = created
        except Exception:
            photos.delete_files(photos.stored_names(stored))
            raise
        if stored and not created:
            # A re-sent form: the first copy already has this photo.
            photos.delete_files(photos.stored_names(stored))
        self.instance = win
        return win


class EditWinForm(WinForm):
    """Editing a win, inline on a list or on its own page."""

    def __init__(self, *args, **kwargs):
        instance = kwargs["instance"]
        kwargs.setdefault("auto_id", f"win-{instance.code}-%s")
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.widget = forms.Textarea(attrs={"rows": 3, "maxlength": WIN_TEXT_MAX})
        if instance.occurred_on != self.today:
            text.label = f"On {date_format(instance.occurred_on, 'l j F Y')} I…"
        if instance.has_photo:
            self.fields["photo"].help_text = "Choosing a new photo replaces the one this win has. " + PHOTO_HELP
            self.fields["remove_photo"] = forms.BooleanField(label="Remove photo", required=False)

    def save(self, commit: bool = True) -> Win:
        win = super().save(commit=False)
        replaced = win.photo_files
        if self.new_photo:
            fields = photos.store(self.new_photo)
        elif self.cleaned_data.get("remove_photo"):
            fields = dict(photos.NO_PHOTO)
        else:
            fields, replaced = {}, []
        for name, value in fields.items():
            setattr(win, name, value)
        try:
            win.save()
        except Exception:
            photos.delete_files(photos.stored_names(fields))
            raise
        photos.delete_files_on_commit(replaced)
        return win


class QuickWinForm(forms.Form):
    """One tap on a Quick wins button: the server knows each preset's words and category."""

    preset = forms.ChoiceField(choices=[(preset.slug, preset.text) for preset in PRESETS])
    idempotency_key = forms.CharField(required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_idempotency_key(self) -> uuid.UUID | None:
        return _parse_key(self.cleaned_data["idempotency_key"])

    def save(self) -> Win:
        preset = PRESETS_BY_SLUG[self.cleaned_data["preset"]]
        win, self.created = Win.log(
            owner=self.owner,
            idempotency_key=self.cleaned_data["idempotency_key"],
            text=preset.text,
            category=preset.category,
            occurred_on=self.owner.local_today(),
        )
        return win


class WinFilterForm(forms.Form):
    """The filters on All wins. A value that makes no sense is set aside with a note, never a crash."""

    q = forms.CharField(label="Search your wins", required=False, max_length=200, widget=forms.TextInput)
    category = forms.ChoiceField(label="Category", required=False, choices=[("", "All categories"), *Category.choices])
    mood = forms.TypedChoiceField(
        label="Mood", required=False, coerce=int, empty_value=None, choices=[("", "Any mood"), *Mood.choices]
    )
    hard_day = forms.BooleanField(label="Hard days only", required=False)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    NOTES = {
        "q": "That search was too long, so it is left out. Try a few words.",
        "category": "We don't know that category, so it is left out.",
        "mood": "We don't know that mood, so it is left out.",
        "date_from": "The “From” date didn't look like a date, so it is left out.",
        "date_to": "The “To” date didn't look like a date, so it is left out.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].error_messages["max_length"] = self.NOTES["q"]
        self.fields["category"].error_messages["invalid_choice"] = self.NOTES["category"]
        self.fields["mood"].error_messages["invalid_choice"] = self.NOTES["mood"]
        self.fields["date_from"].error_messages["invalid"] = self.NOTES["date_from"]
        self.fields["date_to"].error_messages["invalid"] = self.NOTES["date_to"]

    def _clean_day(self, name: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and day < FIRST_DAY:
            label = self.fields[name].label
            raise forms.ValidationError(f"The “{label}” date is before 1900, so it is left out.", code="too_early")
        return day

    def clean_date_from(self) -> datetime.date | None:
        return self._clean_day("date_from")

    def clean_date_to(self) -> datetime.date | None:
        return self._clean_day("date_to")

    @property
    def notes(self) -> list[str]:
        """One kind sentence for each filter that was set aside."""
        self.is_valid()
        return [self.errors[name][0] for name in self.errors if name in self.NOTES]

    @property
    def is_filtering(self) -> bool:
        self.is_valid()
        return any(value not in (None, "", False) for value in self.cleaned_data.values())

    def apply(self, wins):
        """Narrow a queryset of wins by every filter that made sense."""
        self.is_valid()
        data = self.cleaned_data  # only the fields that validated
        if data.get("q"):
            wins = wins.filter(text__icontains=data["q"])
        if data.get("category"):
            wins = wins.filter(category=data["category"])
        if data.get("mood"):
            wins = wins.filter(mood=data["mood"])
        if data.get("hard_day"):
            wins = wins.filter(hard_day=True)
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            first, last = last, first  # a range typed backwards still means the days between
        if first:
            wins = wins.filter(occurred_on__gte=first)
        if last:
            wins = wins.filter(occurred_on__lte=last)
        return wins


def page_on_this_site(request, target: str) -> str:
    """`target` if it is a path on this site, where a form may send someone back to; "" otherwise."""
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else ""


class ShareForm(forms.Form):
    """ "Share with my allies" on one win: "on" or "off" sets the flag, nothing (an old page) flips it."""

    share = forms.ChoiceField(required=False, choices=[("", "flip"), ("on", "on"), ("off", "off")])
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_next(self) -> str:
        return page_on_this_site(self.request, self.cleaned_data.get("next") or "")

    def shared_after(self, currently: bool) -> bool:
        choice = self.cleaned_data.get("share") or ""
        if choice == "":
            return not currently
        return choice == "on"
