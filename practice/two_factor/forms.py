"""The code fields. Each form checks its code against one device through django-otp, which
throttles wrong codes (the wait before the next try doubles with each one)."""

import django_otp
from django import forms
from django.utils import timezone


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, checked against one TOTP device."""

    code = forms.CharField(
        label="Six-digit code",
        max_length=12,
        help_text=(
            "The code your authenticator app shows now for this site. If codes keep failing, "
            "check that your phone sets its clock automatically."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )
    wrong_message = "That code is not right. Type the code your app shows now."

    def __init__(self, *args, user, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def normalize(self, code):
        return "".join(code.split())

    def clean_code(self):
        code = self.normalize(self.cleaned_data["code"])
        if self.device is None:
            raise forms.ValidationError(self.wrong_message)
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(throttled_message(details))
        verified = django_otp.verify_token(self.user, self.device.persistent_id, code)
        if verified is None:
            raise forms.ValidationError(self.wrong_message)
        self.device = verified
        return code


class RecoveryCodeForm(CodeForm):
    """One of the ten recovery codes (single use), checked against the user's static device."""

    code = forms.CharField(
        label="Recovery code",
        max_length=40,
        help_text="One of the recovery codes you kept when you set up the second factor.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false"}
        ),
    )
    wrong_message = (
        "That recovery code is not right, or it has been used already. Each code works once."
    )

    def normalize(self, code):
        # Shown as "abcd-efgh"; stored by django-otp as "abcdefgh".
        return "".join(code.split()).replace("-", "").lower()


def throttled_message(details):
    locked_until = (details or {}).get("locked_until")
    if locked_until:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
    else:
        wait = "a little while"
    return f"Too many wrong codes in a row. Wait {wait}, then try the code your app shows then."
