"""The publication pages' POST input, parsed (and only parsed) by Django forms: the
rules and their messages are ``disclosure.services``'. A date or a moment that is not
one is refused here with the message the pages always gave."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def _text() -> forms.CharField:
    return forms.CharField(required=False)


def _lines(value: str) -> list[str]:
    """One entry a line (or between full-width commas), blank ones dropped."""
    return [line.strip() for line in value.replace("，", "\n").splitlines() if line.strip()]


class _AnyValues(forms.MultipleChoiceField):
    """Several values of any kind (span ids: the service checks them against the item)."""

    def valid_value(self, value: str) -> bool:
        return True


class MaskForm(forms.Form):
    strings = _text()
    names = _text()
    remove = _AnyValues(required=False)

    def clean_strings(self) -> list[str]:
        return _lines(self.cleaned_data["strings"])

    def clean_names(self) -> list[str]:
        return _lines(self.cleaned_data["names"])


class ApproveForm(forms.Form):
    secrecy_checked = _text()
    publish_at = forms.DateTimeField(
        required=False, error_messages={"invalid": _("Enter a date and time (YYYY-MM-DD HH:MM).")}
    )

    def clean_secrecy_checked(self) -> bool:
        return self.cleaned_data["secrecy_checked"] == "on"


class ExemptForm(forms.Form):
    exemption = _text()
    note = _text()


class WithdrawForm(forms.Form):
    reason = _text()
    ground = _text()
    changed_on = forms.DateField(
        required=False, error_messages={"invalid": _("Enter a valid date (YYYY-MM-DD).")}
    )

    def clean_ground(self) -> str | None:
        return self.cleaned_data["ground"] or None


class HandleCorrectionForm(forms.Form):
    decision = _text()
    response = _text()
    corrected_text = _text()

    def clean_decision(self) -> bool:
        """``accept`` (else the request is rejected)."""
        return self.cleaned_data["decision"] == "accept"


class CorrectionRequestForm(forms.Form):
    """The public correction form (no login)."""

    description = _text()
    name = _text()
    contact = _text()
