"""The case page's remedy forms: only shape and type; the rules are the services'."""

from __future__ import annotations

from django import forms


def _text(max_length: int = 20000, required: bool = False) -> forms.CharField:
    return forms.CharField(max_length=max_length, required=required, strip=True)


class RegisterForm(forms.Form):
    kind = _text(20, required=True)
    instance = _text(10)
    body = _text(200)
    filed_on = forms.DateField()


class OutcomeForm(forms.Form):
    result = _text(20, required=True)
    decided_on = forms.DateField()
    note = _text()


class JudiciaryForm(forms.Form):
    accepted_on = forms.DateField()
