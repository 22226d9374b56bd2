"""The review page's POST input, parsed by Django forms. The opinion is the case action
"record_review_outcome": this form only shapes the page's fields into the action's data,
which ``cases.inputs`` then cleans like any action's."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openenforce.core.params import parse_id
from openenforce.reviews.checklist import POINTS


class OpinionForm(forms.Form):
    outcome = forms.CharField(required=False)
    reasons = forms.CharField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for point in POINTS:
            self.fields[f"point-{point.code}"] = forms.CharField(required=False)
            self.fields[f"note-{point.code}"] = forms.CharField(required=False)

    def action_data(self) -> dict[str, str]:
        """The action's data: the outcome, the reasons and the checklist as JSON."""
        data = self.cleaned_data
        checklist = {
            point.code: {
                "result": data[f"point-{point.code}"],
                "note": data[f"note-{point.code}"],
            }
            for point in POINTS
        }
        return {
            "outcome": data["outcome"],
            "reasons": data["reasons"],
            "checklist": json.dumps(checklist, ensure_ascii=False),
        }


class AssignForm(forms.Form):
    reviewer = forms.CharField(required=False)

    def clean_reviewer(self) -> str:
        """A user name or an id; digits that are no id ("²", a hundred of them) are
        refused with the service's message."""
        value = self.cleaned_data["reviewer"]
        if value.isdigit() and parse_id(value) is None:
            raise forms.ValidationError(_("No such reviewer in this agency."))
        return value


class ConfirmForm(forms.Form):
    note = forms.CharField(required=False)
