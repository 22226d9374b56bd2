"""The party's forms: the code and identity, the statement with files, the hearing request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EnterForm(forms.Form):
    code = forms.CharField(
        label=_("Access code on your served document"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    identity = forms.CharField(
        label=_("Unified social credit code or ID number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement and defence"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(
        label=_("Files (PDF, JPEG or PNG; at most 5, 20 MB each)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class HearingForm(forms.Form):
    text = forms.CharField(
        label=_("Reasons (optional)"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label=_("I request a hearing on the intended penalty."))


class ConsentForm(forms.Form):
    """The confirmation of electronic service (电子送达确认书), signed by ticking it."""

    email_too = forms.BooleanField(
        label=_("Also send me an e-mail when a document is served"), required=False
    )
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=200)
    confirm = forms.BooleanField(
        label=_(
            "I agree that documents of this case are served on me electronically: they count "
            "as served on the day they appear on this page (or reach my e-mail address). I may "
            "still ask for paper service of a document."
        )
    )

    def channels(self) -> list[str]:
        chosen = ["party_page"]
        if self.cleaned_data.get("email_too"):
            chosen.append("email")
        return chosen
