"""The one way a form field is drawn in Small Wins."""

from django import forms
from django.forms.renderers import TemplatesSetting


class BoundField(forms.BoundField):
    """A field as every form in Small Wins draws it: its label never ends in a colon.

    Django appends the form's label_suffix (":") to every label it draws with
    label_tag(); our own field template prints the bare label, but a form drawn
    another way (form.as_p in a third-party template, a label_tag in a page)
    would still get one. A suffix that a field or a call asks for is kept.
    """

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None and self.field.label_suffix is None:
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(TemplatesSetting):
    """Every form, ours and allauth's, draws each field with templates/forms/field.html.

    TemplatesSetting reads form and widget templates through settings.TEMPLATES,
    so the project's own field template is found like any other. Django's
    as_p, as_ul and as_table layouts are replaced in templates/django/forms/ by
    the same one (django/forms/div.html, which draws each field with ours).
    """

    field_template_name = "forms/field.html"
    bound_field_class = BoundField
