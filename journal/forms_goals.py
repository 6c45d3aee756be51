"""The form of a gentle goal: its words, a category, and every day or some days of the week."""

from django import forms

from .forms import JournalFormMixin, category_field
from .models import EMPTY_GOAL_MESSAGE, GOAL_TEXT_MAX, Goal
from .weeks import EVERY_DAY, WEEKDAYS

DAILY, CHOSEN_DAYS = "daily", "chosen"
GOAL_TEXT_ERRORS = {
    "required": EMPTY_GOAL_MESSAGE,
    "max_length": f"That's a little long for a tiny goal: please keep it to {GOAL_TEXT_MAX} characters.",
}
NO_DAY_MESSAGE = "Tick at least one day, or choose “Every day”."
MIXED_DAYS_MESSAGE = (
    "You chose “Every day” and ticked some days too. Choose “On the days I tick” to keep just those days, "
    "or untick them."
)


class GoalForm(JournalFormMixin, forms.ModelForm):
    """A tiny goal: its words, a category, and every day or some days of the week."""

    text = forms.CharField(
        label="Your tiny goal",
        max_length=GOAL_TEXT_MAX,
        strip=True,
        error_messages=GOAL_TEXT_ERRORS,
        help_text="Tiny is good. Some days a goal can be as simple as “I'll drink a glass of water”.",
        widget=forms.TextInput(attrs={"placeholder": "Drink a glass of water", "autocomplete": "off"}),
    )
    category = category_field()
    how_often = forms.ChoiceField(
        label="How often?",
        choices=[(DAILY, "Every day"), (CHOSEN_DAYS, "On the days I tick")],
        widget=forms.RadioSelect,
        initial=DAILY,
        required=False,
        error_messages={"invalid_choice": "Please choose “Every day” or “On the days I tick”."},
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Which days?",
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Please tick days from the list."},
    )

    class Meta:
        model = Goal
        fields = ["text", "category"]

    def __init__(self, *args, owner, **kwargs):
        if instance := kwargs.get("instance"):
            kwargs.setdefault("auto_id", f"goal-{instance.code}-%s")
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.instance.owner = owner
        if self.instance.pk and self.instance.days != EVERY_DAY:
            self.initial.setdefault("how_often", CHOSEN_DAYS)
            self.initial.setdefault("weekdays", self.instance.weekdays)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and Goal.objects.owned_by(self.owner).count() >= Goal.MAX_PER_PERSON:
            raise forms.ValidationError(
                f"You have {Goal.MAX_PER_PERSON} goals already. A few tiny goals work best: "
                "pause or delete one, then add this one."
            )
        ticked = set(cleaned.get("weekdays") or [])
        how_often = cleaned.get("how_often") or ""
        if "weekdays" in self.errors or "how_often" in self.errors:
            return cleaned
        if how_often == CHOSEN_DAYS and not ticked:
            self.add_error("weekdays", NO_DAY_MESSAGE)
        elif how_often == DAILY and ticked and len(ticked) < 7:
            self.add_error("weekdays", MIXED_DAYS_MESSAGE)
        else:
            # "Every day", all seven ticked, or days ticked without choosing (an old form).
            bits = sum(1 << day for day in ticked) if ticked and how_often != DAILY else EVERY_DAY
            self.instance.days = bits
        return cleaned
