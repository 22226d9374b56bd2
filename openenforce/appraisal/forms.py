from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LoadForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2999)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class EnterForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    points = forms.DecimalField(label=_("Points"), max_digits=6, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AdjustForm(forms.Form):
    points = forms.DecimalField(
        label=_("Points (a deduction below zero)"), max_digits=6, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
