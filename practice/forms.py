"""What the public forms (consultation requests, comments) share: Django's own field rendering
with the project's field template, a per-field warning, and the honeypot.

Each field is rendered with `{{ field.as_field_group }}` through templates/forms/field.html.
Django (5.2) marks an input with errors `aria-invalid="true"` and ties its help text and error
to it with `aria-describedby` (on the fieldset for radio and checkbox groups), naming the ids
`<auto_id>_helptext` and `<auto_id>_error` that the template gives those paragraphs.
"""

from django import forms
from django.forms.renderers import TemplatesSetting


class PublicFormRenderer(TemplatesSetting):
    """Renders fields with the project's template engine, so templates/forms/field.html (and
    Django's widget templates, found through the `django.forms` app) are used."""

    field_template_name = "forms/field.html"


class PublicBoundField(forms.BoundField):
    """A field may carry a `warning` (set in the form, e.g. "no health details here"): it is
    shown above the input and read with it, after the help text and any error."""

    @property
    def warning(self):
        return getattr(self.field, "warning", "")

    @property
    def aria_describedby(self):
        described_by = super().aria_describedby
        if described_by is None or not self.warning or not self.auto_id:
            return described_by
        return " ".join(filter(None, [described_by, f"{self.auto_id}_warning"]))


class PublicFormMixin:
    """Renders a public form's fields with the project's field template (see the module
    docstring)."""

    default_renderer = PublicFormRenderer
    bound_field_class = PublicBoundField


class HoneypotMixin:
    """A field people never see (moved off-screen and hidden from screen readers by
    templates/forms/honeypot_field.html); bots fill it in. If a browser's autofill did, the field
    appears with its error so the person can clear it, and the rest of the form is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"] = forms.CharField(
            required=False,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            template_name="forms/honeypot_field.html",
        )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                "This field must stay empty. If your browser filled it in, clear it and send again."
            )
        return ""
