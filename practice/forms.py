"""Form helpers shared by the public forms (consultation requests, comments)."""


class AccessibleFormMixin:
    """Ties each field's help text and error message to its input (aria-describedby) and marks
    invalid inputs (aria-invalid), so screen readers announce them with the field. The ids match
    templates/components/form_field.html."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self):
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            described_by = []
            if field.help_text:
                described_by.append(f"{auto_id}-help")
            if name == "message":
                described_by.append(f"{auto_id}-warning")
            if name in errors:
                described_by.append(f"{auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)
