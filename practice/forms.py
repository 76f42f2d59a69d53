"""What the public forms (consultation requests, comments) share: Django's own field rendering
with the project's field template, a per-field warning, an e-mail check that says what is
missing, and the honeypot.

Each field is rendered with `{{ field.as_field_group }}` through templates/forms/field.html.
Django (5.2) marks an input with errors `aria-invalid="true"` and ties its help text and error
to it with `aria-describedby` (on the fieldset for radio and checkbox groups), naming the ids
`<auto_id>_helptext` and `<auto_id>_error` that the template gives those paragraphs.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html_join

EMAIL_EXAMPLE = "name@example.com"


def email_advice(value):
    """What to do about an e-mail address Django's validator refused, in plain words: the part
    that is missing or wrong, with an example. Every message stands alone, as the error summary
    lists it without the field's label."""
    local, at, domain = value.rpartition("@")
    if not at or not domain:  # "name" or "name@"
        return f"Check the e-mail address: it needs a part after the @, like {EMAIL_EXAMPLE}"
    if not local:
        return f"Check the e-mail address: it needs a name before the @, like {EMAIL_EXAMPLE}"
    if any(character.isspace() for character in value):
        return f"Check the e-mail address: it cannot have spaces, like {EMAIL_EXAMPLE}"
    if "." not in domain:
        return "Check the e-mail address: the part after the @ needs a dot, like example.com"
    return f"Check the e-mail address: it should look like {EMAIL_EXAMPLE}"


class PlainEmailValidator(EmailValidator):
    """Django's e-mail check, answering with `email_advice` instead of "Enter a valid email
    address." (which does not say what is wrong)."""

    def __call__(self, value):
        try:
            super().__call__(value)
        except ValidationError:
            raise ValidationError(email_advice(str(value)), code="invalid") from None


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
    docstring); every e-mail field answers a bad address with what to fix (`email_advice`)."""

    default_renderer = PublicFormRenderer
    bound_field_class = PublicBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):
                field.validators = [
                    validator
                    for validator in field.validators
                    if not isinstance(validator, EmailValidator)
                ] + [PlainEmailValidator()]


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
                "Clear the box labeled “Leave this field empty” (your browser may have filled it "
                "in), then send again"
            )
        return ""


# Choice widgets whose markup is kept per process


class KeptChoicesMixin:
    """A choice widget (select, radios, check boxes) whose rendered markup is kept per process,
    under everything it is made from: the widget's class and template, the field's name, the
    value, the attributes and every choice. Django renders each option through its own template
    include, which made the consultation form's state list (51 options) a tenth of the contact
    page's render. Only for plain lists of choices (a model's choices would be read from the
    database to make the key)."""

    MAX_ENTRIES = 500

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple((str(key), str(label)) for key, label in self.choices)
        key = (
            type(self),
            self.template_name,
            name,
            repr(value),
            tuple(sorted((attrs or {}).items())),
            tuple(sorted(self.attrs.items())),
            choices,
            type(renderer),
        )
        store = _kept_widgets
        markup = store.get(key)
        if markup is None:
            markup = super().render(name, value, attrs, renderer)
            if len(store) >= self.MAX_ENTRIES:
                store.clear()
            store[key] = markup
        return markup


_kept_widgets = {}


class KeptSelect(KeptChoicesMixin, forms.Select):
    pass


class KeptRadioSelect(KeptChoicesMixin, forms.RadioSelect):
    pass


class KeptCheckboxSelectMultiple(KeptChoicesMixin, forms.CheckboxSelectMultiple):
    pass


# Blank forms whose markup is kept per process


class KeptBlankFormMixin:
    """A public form whose fields are the same on every request (no choices read from the
    database, nothing taken from the request or the page): the markup of its blank fields
    (unbound, no initial values) is kept per process under the form's class, prefix and ids,
    so a page showing it empty does not render its fields again (every blog post shows the
    comment form: 0.7 ms of each post's render). A bound form (the person's words, its errors)
    is rendered every time. The site has one language, so the labels are the same for everyone;
    a translated site would add the active language to the key."""

    def kept_key(self):
        """What the blank fields are made from besides the form's class: nothing for a form
        whose fields never change; a form that takes choices or wording from the page, the
        settings or the database returns all of it here."""
        return ()

    def fields_html(self):
        """Every field's `as_field_group`, in order, as one piece of markup."""
        blank = not self.is_bound and not self.initial
        key = (type(self), self.prefix, self.auto_id, self.kept_key())
        if blank and key in _kept_forms:
            return _kept_forms[key]
        markup = format_html_join("", "{}", ((field.as_field_group(),) for field in self))
        if blank:
            _kept_forms[key] = markup
        return markup


_kept_forms = {}
