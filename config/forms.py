"""The one way a form field is drawn in Small Wins."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form, ours and allauth's, draws each field with templates/forms/field.html.

    TemplatesSetting reads form and widget templates through settings.TEMPLATES,
    so the project's own field template is found like any other.
    """

    field_template_name = "forms/field.html"
