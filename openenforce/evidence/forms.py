"""The evidence form of the case page, parsed (and only parsed) by a Django form: the
rules and their messages are ``evidence.services``'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openenforce.core.params import parse_id


class EvidenceForm(forms.Form):
    kind = forms.CharField(required=False)
    step = forms.CharField(required=False)
    title = forms.CharField(required=False)
    description = forms.CharField(required=False)
    place = forms.CharField(required=False)
    method = forms.CharField(required=False)
    collected_at = forms.DateTimeField(
        required=False, error_messages={"invalid": _("Enter a date and time.")}
    )
    collected_by = forms.CharField(required=False)
    upload = forms.CharField(required=False)

    def clean_collected_by(self) -> str:
        """A user's id, or empty; anything else is refused with the service's message."""
        value = self.cleaned_data["collected_by"]
        if value and parse_id(value) is None:
            raise forms.ValidationError(_("The collector must be active staff of the agency."))
        return value
