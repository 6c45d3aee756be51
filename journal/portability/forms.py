from django import forms
from django.conf import settings

from journal.models import ImportJob
from journal.words import IMPORT_BUSY, size_in_words

from .parsed import ImportProblem
from .read import check_upload


class ImportForm(forms.Form):
    """One file to bring into the journal.

    A file that plainly can't be used (empty, too big, not text, a CSV that
    isn't Daylio's) is refused here at once; the rest of the reading happens on
    the task worker (jobs.py), whose verdict comes back beside this field.
    """

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
        if ImportJob.objects.active().filter(owner=self.user).exists():
            raise forms.ValidationError(IMPORT_BUSY)
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"That file is {size_in_words(upload.size, round_up=True)}, "
                f"and imports can be up to {size_in_words(limit)}. "
                "A Daylio CSV can be split into smaller files and imported one after another."
            )
        upload.seek(0)
        data = upload.read(limit + 1)
        try:
            self.cleaned_data["kind"] = check_upload(data)
        except ImportProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        self.cleaned_data["data"] = data
        return upload

    def show_refusal(self, problem: str) -> None:
        """The worker's reason for refusing the last file, beside the field as if this form had found it."""
        self.cleaned_data = {}
        self.add_error("file", problem)
