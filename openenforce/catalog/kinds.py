"""The catalogue's lists, each described once: what pages, API and spreadsheets share.

A :class:`Kind` names a list's model, its page slug, API path and schema name, its sheet,
its key, and its editable fields. The editable fields are declared once, as the ninja
schema the API validates (``…In``, below, with their types and limits); the pages' forms
take their field list from it (``Kind.form_fields``), the workbook its sheet names. The
sheets' columns (Chinese headers and codecs) and the pages' table templates are still
written out where they are; ``tests/test_kinds.py`` checks that every kind has its pages,
routes and sheet and that they cover its fields. Genuinely special parts stay explicit where they are: certificates and
their events, officers' personal fields and user account, a matter's discretion standard.
"""

# No ``from __future__ import annotations``: ninja and pydantic read these annotations.
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.db import models
from ninja import Field, Schema

from openenforce.catalog.models import (
    Certificate,
    CertificateEvent,
    EnforcementCategory,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
    PenaltyKind,
    RandomInspectionItem,
    RecordingRequirement,
    ReviewCatalogueEntry,
    TimeLimitKind,
)


def choice(choices: type[models.TextChoices]) -> Any:
    """A ``Literal`` of a TextChoices' values, so the OpenAPI schema lists them."""
    return Literal[tuple(choices.values)]


Code = Field(..., min_length=1, max_length=40, pattern=r"^\S+$")
Money = Decimal | None


# ---------------------------------------------------------------- writable fields


class FieldIn(Schema):
    name: str


class LegalBasisIn(Schema):
    law_name: str
    article: str
    level: choice(LegalBasis.Level) = LegalBasis.Level.LAW.value
    text: str = ""
    effective_date: datetime.date | None = None


class MatterIn(Schema):
    name: str
    category: choice(EnforcementCategory)
    sub_item: str = ""
    field: str = Field(..., description="Code of the enforcement field.")
    department: str | None = Field(None, description="Code of the handling department.")
    bases: list[str] = Field([], description="Codes of the legal bases.")
    time_limit_days: int | None = Field(None, ge=0)
    time_limit_kind: choice(TimeLimitKind) = TimeLimitKind.WORKING.value
    applicable_to: str = ""
    conditions: str = ""
    materials: str = ""
    procedure: str = ""
    fees: str = ""
    office: str = ""
    phone: str = ""
    office_hours: str = ""
    supervision_phone: str = ""
    remedy: str = ""


class StandardIn(Schema):
    circumstance: str
    degree: str = ""
    penalty: str
    fine_min: Money = None
    fine_max: Money = None


class OfficerIn(Schema):
    name: str
    gender: str = ""
    department: str | None = None
    position: str = ""
    employment: choice(Officer.Employment) = Officer.Employment.CIVIL_SERVANT.value
    user: str | None = Field(None, description="User name of the officer's staff account.")


class CertificateIn(Schema):
    officer: str = Field(..., description="Code of the officer.")
    issuing_authority: str
    fields: list[str] = Field(..., min_length=1, description="Codes of the enforcement fields.")
    area: str = ""
    valid_from: datetime.date
    valid_to: datetime.date


class CertificateEventIn(Schema):
    kind: choice(CertificateEvent.Kind)
    date: datetime.date
    reason: str = ""
    valid_to: datetime.date | None = Field(None, description="New expiry date (renewals).")


class InspectionItemIn(Schema):
    item: str
    sub_item: str = ""
    field: str
    department: str | None = None
    matter: str | None = None
    basis: str
    target_type: str
    ratio_percent: Decimal = Field(..., gt=0, le=100)
    frequency: str
    method: choice(RandomInspectionItem.Method) = RandomInspectionItem.Method.ON_SITE.value


class RecordingRequirementIn(Schema):
    step: choice(RecordingRequirement.Step)
    matter: str | None = None
    content: str
    occasion: str = ""
    recorder: str = ""
    kind: choice(RecordingRequirement.Kind) = RecordingRequirement.Kind.VIDEO.value


class ReviewEntryIn(Schema):
    name: str
    category: choice(EnforcementCategory) = EnforcementCategory.PENALTY.value
    matter: str | None = None
    ground: choice(ReviewCatalogueEntry.Ground)
    fine_threshold_person: Money = None
    fine_threshold_org: Money = None
    confiscation_threshold_person: Money = None
    confiscation_threshold_org: Money = None
    penalty_kinds: list[choice(PenaltyKind)] = []
    hearing_held: bool = False
    departs_from_standard: bool = False
    head_referral: bool = False
    basis: str = ""


class EntryStatusIn(Schema):
    status: choice(Matter.Status)


@dataclass(frozen=True)
class Kind:
    """One list of the catalogue, as pages, API and spreadsheets know it."""

    name: str  # in the API: operation ids and schema names
    model: type[models.Model]
    schema: type[Schema]  # its editable fields, in order (the key is not among them)
    slug: str  # of its staff pages: /catalog/<slug>/
    path: str  # of its API routes: /api/v1/catalog/<path>/
    sheet: str  # the Chinese name of its sheet in the workbook
    key: str = "code"
    # Fields the staff forms leave out (set elsewhere: a certificate's officer is the page's).
    not_on_pages: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.schema.model_fields)

    @property
    def form_fields(self) -> list[str]:
        """The fields of its staff form: the key, then the editable fields in order."""
        return [self.key, *(f for f in self.fields if f not in self.not_on_pages)]


FIELD = Kind("EnforcementField", EnforcementField, FieldIn, "fields", "fields", "执法领域")
LEGAL_BASIS = Kind("LegalBasis", LegalBasis, LegalBasisIn, "bases", "legal-bases", "法律依据")
MATTER = Kind("Matter", Matter, MatterIn, "matters", "matters", "执法事项")
OFFICER = Kind(
    "Officer", Officer, OfficerIn, "officers", "officers", "执法人员", not_on_pages=("user",)
)
CERTIFICATE = Kind(
    "Certificate",
    Certificate,
    CertificateIn,
    "certificates",
    "certificates",
    "执法人员",  # certificates are rows of the officers' sheet
    key="number",
    not_on_pages=("officer",),
)
INSPECTION_ITEM = Kind(
    "InspectionItem",
    RandomInspectionItem,
    InspectionItemIn,
    "inspections",
    "inspection-items",
    "随机抽查事项清单",
)
RECORDING = Kind(
    "RecordingRequirement",
    RecordingRequirement,
    RecordingRequirementIn,
    "recordings",
    "recording-requirements",
    "音像记录事项清单",
)
REVIEW_ENTRY = Kind(
    "ReviewEntry",
    ReviewCatalogueEntry,
    ReviewEntryIn,
    "reviews",
    "review-entries",
    "重大执法决定法制审核目录",
)

KINDS = (FIELD, LEGAL_BASIS, MATTER, OFFICER, CERTIFICATE, INSPECTION_ITEM, RECORDING, REVIEW_ENTRY)
