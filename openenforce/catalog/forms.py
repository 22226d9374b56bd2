"""Forms of the catalogue's staff pages. Choices of related entries are limited to the
entry's own agency, so a form can never link to another agency's data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openenforce.accounts.models import Agency, Department
from openenforce.catalog import kinds
from openenforce.catalog.models import (
    CertificateEvent,
    DiscretionStandard,
    PenaltyKind,
    ReviewCatalogueEntry,
)
from openenforce.core.errors import DomainError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlainLabels:
    """No ":" after labels: the pages lay labels out above their fields, in any language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AgencyScopedForm(PlainLabels, forms.ModelForm):
    """A model form whose related-entry choices come from ``agency`` only."""

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and _has_agency(queryset.model):
                field.queryset = queryset.filter(agency=agency)
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()


def kind_form(kind: kinds.Kind, widgets: dict | None = None) -> type[AgencyScopedForm]:
    """The staff form of a list whose fields need nothing of their own but perhaps a
    widget: ``kind.form_fields`` (the class is named after the model: ``MatterForm``)."""
    form = forms.modelform_factory(
        kind.model, form=AgencyScopedForm, fields=kind.form_fields, widgets=widgets
    )
    return cast(type[AgencyScopedForm], form)


def _has_agency(model: type[models.Model]) -> bool:
    return any(f.name == "agency" for f in model._meta.fields)


def show_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: each problem on its field, else on top."""
    if not error.problems:
        form.add_error(None, str(error))
        return
    for problem in error.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


LegalBasisForm = kind_form(kinds.LEGAL_BASIS)


# The fields of a matter's service guide (服务指南), shown apart from its particulars.
SERVICE_GUIDE = (
    "applicable_to",
    "conditions",
    "materials",
    "procedure",
    "fees",
    "office",
    "phone",
    "office_hours",
    "supervision_phone",
    "remedy",
)


MatterForm = kind_form(kinds.MATTER, widgets={"bases": forms.CheckboxSelectMultiple})


class DiscretionStandardForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = DiscretionStandard
        fields = ["code", "degree", "circumstance", "penalty", "fine_min", "fine_max"]
        widgets = {
            "circumstance": forms.Textarea(attrs={"rows": 2}),
            "penalty": forms.Textarea(attrs={"rows": 2}),
        }


OfficerForm = kind_form(kinds.OFFICER)


CertificateForm = kind_form(kinds.CERTIFICATE, widgets={"fields": forms.CheckboxSelectMultiple})


class CertificateEventForm(PlainLabels, forms.Form):
    """An event for a certificate's history; only the kinds allowed now are offered."""

    kind = forms.ChoiceField(label=_("event"))
    date = forms.DateField(label=_("date"), widget=DateInput())
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    valid_to = forms.DateField(
        label=_("new expiry date"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a renewal."),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # No preselected event: suspending or revoking by accident must take a choice.
        self.fields["kind"].choices = [("", "---------")] + [
            (k, CertificateEvent.Kind(k).label) for k in kinds
        ]


RandomInspectionItemForm = kind_form(kinds.INSPECTION_ITEM)


RecordingRequirementForm = kind_form(kinds.RECORDING)


class ReviewCatalogueEntryForm(AgencyScopedForm):
    penalty_kinds = forms.MultipleChoiceField(
        label=_("penalty kinds"),
        choices=PenaltyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Any of these penalty kinds makes the decision major."),
    )

    class Meta:
        model = ReviewCatalogueEntry
        fields = kinds.REVIEW_ENTRY.form_fields


EnforcementFieldForm = kind_form(kinds.FIELD)


class DepartmentForm(AgencyScopedForm):
    class Meta:
        model = Department
        fields = ["code", "name", "phone"]


class StatusChangeForm(forms.Form):
    """The status an entry is moved to: one of the changes ``offered`` from its status."""

    status = forms.ChoiceField()

    def __init__(self, *args, offered: Sequence[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(offered)


class AgencyProfileForm(PlainLabels, forms.ModelForm):
    """The particulars an agency publishes about itself (执法主体信息)."""

    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "credit_code",
            "legal_status",
            "level",
            "duties",
            "head_name",
            "complaint_phone",
            "address",
            "website",
            "remedy_channels",
        ]
