"""The service form of the case page, parsed by a Django form. It only parses: the rules
(and their messages, naming each field) are ``deliveries.services``'. Each method's proof
fields are named ``<method>__<field>`` on the page; the form reads the chosen method's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openenforce.deliveries.services import TEXT_FIELDS

DATE_ERRORS = {"invalid": _("Enter a valid date (YYYY-MM-DD).")}


class ServeForm(forms.Form):
    method = forms.CharField(required=False)
    recipient = forms.CharField(required=False, strip=False)
    served_on = forms.DateField(required=False, error_messages=DATE_ERRORS)
    note = forms.CharField(required=False, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        method = str(self.data.get("method", ""))
        self.proof_names = {name: f"{method}__{name}" for name in TEXT_FIELDS}
        for posted in self.proof_names.values():
            self.fields.setdefault(posted, forms.CharField(required=False, strip=False))
        self.fields[f"{method}__consent_on"] = forms.DateField(
            required=False, error_messages=DATE_ERRORS
        )
        self.consent_name = f"{method}__consent_on"

    def service_kwargs(self) -> dict[str, Any]:
        """The service's keyword arguments: method, recipient, date and the proof."""
        data = self.cleaned_data
        found = {name: data[posted] for name, posted in self.proof_names.items()}
        return {
            "method": data["method"],
            "recipient": data["recipient"],
            "served_on": data["served_on"],
            **found,
            "consent_on": data[self.consent_name],
            "note": data["note"],
        }
