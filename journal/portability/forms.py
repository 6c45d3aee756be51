from django import forms
from django.conf import settings

from journal.words import size_in_words

from .parsed import ImportProblem
from .read import parse_import


class ImportForm(forms.Form):
    """One file to bring into the journal; a file we can't use is refused here, saying what is wrong and where."""

    file = forms.FileField(
        label="Your file",
        help_text="A JSON export from Small Wins, or a CSV export from Daylio.",
        widget=forms.FileInput(attrs={"accept": ".json,.csv,application/json,text/csv"}),
        error_messages={
            "required": "Please choose a file to import.",
            "empty": "This file is empty. Please choose the file you downloaded.",
            "invalid": "That didn't arrive as a file. Please choose it again.",
        },
    )
    restore_settings = forms.BooleanField(
        label="Also bring back my settings from a Small Wins file (name, time zone, week start)",
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        most = size_in_words(settings.IMPORT_MAX_BYTES)
        limits = f" One file at a time, up to {most} and {settings.IMPORT_MAX_ROWS:,} entries."
        self.fields["file"].help_text += limits

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"That file is {size_in_words(upload.size, round_up=True)}, "
                f"and imports can be up to {size_in_words(limit)}. "
                "A Daylio CSV can be split into smaller files and imported one after another."
            )
        upload.seek(0)
        try:
            self.cleaned_data["parsed"] = parse_import(
                upload.read(limit + 1),
                today=self.user.local_today(),
                tzinfo=self.user.tzinfo,
                max_rows=settings.IMPORT_MAX_ROWS,
            )
        except ImportProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload
