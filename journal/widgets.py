"""The journal's own form widgets, drawn through the one form renderer (config/forms.py)."""

from django import forms


class MoodFaces(forms.RadioSelect):
    """Mood as five labelled faces, each in its mood's colour, plus "Prefer not to say".

    A radio group like any other: Django still builds every input, and the
    field template (templates/forms/field.html) puts it in a fieldset whose
    legend names the group, so arrow keys move between the faces.
    """

    template_name = "forms/widgets/mood_faces.html"
    option_template_name = "forms/widgets/mood_face.html"
