from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2999)


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative on the year's enforcement"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
