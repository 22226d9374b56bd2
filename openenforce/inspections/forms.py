"""Forms of the staff pages; the services do the checking that matters."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.catalog.models import Officer, RandomInspectionItem
from openenforce.inspections.models import RiskGrade, Target

DATE = forms.DateInput(attrs={"type": "date"})


def _split(text: str) -> list[str]:
    return [
        part.strip()
        for part in text.replace("，", ",").replace("、", ",").split(",")
        if part.strip()
    ]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Target registry (.xlsx or .csv)"))
    dry_run = forms.BooleanField(
        label=_("Only check; change nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.OPENENFORCE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large to be imported."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
        return upload


class PlanForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=pgettext_lazy("inspection plan", "Title"), max_length=200)
    lead_item = forms.ModelChoiceField(
        label=_("Lead item"), queryset=RandomInspectionItem.objects.none()
    )
    lead_quota = forms.IntegerField(
        label=_("Inspectors per target (lead item)"), min_value=1, initial=2
    )
    joint_items = forms.ModelMultipleChoiceField(
        label=_("Joint items of other departments or agencies"),
        queryset=RandomInspectionItem.objects.none(),
        required=False,
    )
    joint_quota = forms.IntegerField(
        label=_("Inspectors per target (each joint item)"), min_value=1, initial=1
    )
    frequency = forms.CharField(label=_("Frequency"), max_length=100, required=False)
    period_start = forms.DateField(label=_("Inspections from"), widget=DATE)
    period_end = forms.DateField(label=_("Inspections until"), widget=DATE)
    ratio_A = forms.DecimalField(
        label=_("Ratio of grade A (%)"), min_value=0, max_value=100, decimal_places=2
    )
    ratio_B = forms.DecimalField(
        label=_("Ratio of grade B (%)"), min_value=0, max_value=100, decimal_places=2
    )
    ratio_C = forms.DecimalField(
        label=_("Ratio of grade C (%)"), min_value=0, max_value=100, decimal_places=2
    )
    ratio_D = forms.DecimalField(
        label=_("Ratio of grade D (%)"), min_value=0, max_value=100, decimal_places=2
    )
    kinds = forms.MultipleChoiceField(
        label=_("Target types (none: all)"), choices=Target.Kind.choices, required=False
    )
    industries = forms.CharField(
        label=_("Industries, comma-separated (empty: all)"), required=False
    )
    regions = forms.CharField(label=_("Regions, comma-separated (empty: all)"), required=False)
    complaints_threshold = forms.IntegerField(
        label=_("Complaints that raise the risk grade (0: ignore)"), min_value=0, initial=3
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        active = RandomInspectionItem.objects.filter(status=RandomInspectionItem.Status.ACTIVE)
        self.fields["lead_item"].queryset = active.filter(agency=agency)
        self.fields["joint_items"].queryset = active.select_related("agency")
        self.fields["joint_items"].label_from_instance = lambda i: f"{i.agency.name} · {i}"
        for grade in RiskGrade.values:
            self.fields[f"ratio_{grade}"].initial = Decimal("20")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        items = [(data["lead_item"], data["lead_quota"])]
        items += [(i, data["joint_quota"]) for i in data["joint_items"] if i != data["lead_item"]]
        return {
            "code": data["code"],
            "title": data["title"],
            "items": items,
            "frequency": data["frequency"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "ratios": {g: int(data[f"ratio_{g}"] * 100) for g in RiskGrade.values},
            "scope": {
                "kinds": data["kinds"],
                "industries": _split(data["industries"]),
                "regions": _split(data["regions"]),
            },
            "complaints_threshold": data["complaints_threshold"],
        }


class AbsenceForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = Officer.objects.filter(agency=agency).order_by("code")


class ConflictForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none())
    credit_code = forms.CharField(label=_("Target's unified social credit code"), max_length=18)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["officer"].queryset = Officer.objects.filter(agency=agency).order_by("code")

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        target = Target.objects.filter(agency=self.agency, credit_code=code).first()
        if target is None:
            raise forms.ValidationError(_("No target with this code in the registry."))
        self.target = target
        return code
