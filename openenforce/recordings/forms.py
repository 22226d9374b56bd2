"""The recording pages' POST input, parsed (and only parsed) by Django forms: the rules
and their messages are the services'. A moment that is not one is refused here with the
message the pages always gave."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MOMENT_ERRORS = {"invalid": _("Enter a date and time."), "required": _("Enter a date and time.")}


def _text() -> forms.CharField:
    return forms.CharField(required=False)


def _moment(required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(required=required, error_messages=MOMENT_ERRORS)


class RecordingForm(forms.Form):
    step = _text()
    device = _text()
    officer = _text()
    started_at = _moment(required=True)
    ended_at = _moment(required=True)
    place = _text()
    party_informed = _text()
    note = _text()
    gaps = forms.CharField(required=False, strip=False)
    upload = _text()

    def clean_party_informed(self) -> bool:
        return self.cleaned_data["party_informed"] == "true"


class WaiveForm(forms.Form):
    step = _text()
    reason = _text()


class DeviceForm(forms.Form):
    code = _text()
    kind = _text()
    model = _text()
    serial = _text()
    note = _text()


class _Back(forms.Form):
    next = _text()

    def to_list(self) -> bool:
        """Back to the register list (else the device page)."""
        return self.data.get("next") == "list"


class CheckoutForm(_Back):
    officer = _text()
    at = _moment()
    until = _moment()
    purpose = _text()


class ReturnForm(_Back):
    at = _moment()


class StatusForm(forms.Form):
    status = _text()
    note = _text()
