"""The catalogue's lists, each described once: what pages, API and spreadsheets share.

A :class:`Kind` names a list's model, its page slug, API path and schema name, its sheet
and the Chinese headers of its columns, its key, and its editable fields. The editable
fields are declared once, as the ninja schema the API validates (``…In``, below, with
their types, defaults and limits). Built from that description:

- the API's input and output schemas and routes (``catalog.api``);
- the pages' forms, whose fields are ``Kind.form_fields`` (``forms.kind_form`` makes those
  that need nothing of their own), and the pages' routes;
- the workbook's sheets (``exchange.sheets.kind_columns``): a column per ``Kind.headers``
  entry, in that order, its codec read from the field's type (a choice, date, amount,
  whole number, yes/no or list), its cell required where the schema requires the field,
  and a field that is a relation of the model naming the other list's entries.

``tests/test_kinds.py`` checks that every kind has its pages, routes and sheet and that
they cover its fields. Written out where they are, as genuinely their own: the list pages'
tables (``templates/catalog/tables/``: a shared frame, each list's cells formatted for
it), the status column and the Chinese words for coded values (``exchange.labels``), and
the special parts: certificates as rows of the officers' sheet and their history,
officers' user accounts, departments, and a matter's discretion standard.
"""

# No ``from __future__ import annotations``: ninja and pydantic read these annotations.
import dataclasses
import datetime
from collections.abc import Mapping
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
    # Its sheet's columns, in order: the Chinese header of the key and of each field with a
    # column. Codecs, required cells and references follow from the schema and the model.
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict, hash=False)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.schema.model_fields)

    @property
    def form_fields(self) -> list[str]:
        """The fields of its staff form: the key, then the editable fields in order."""
        return [self.key, *(f for f in self.fields if f not in self.not_on_pages)]


FIELD = Kind(
    "EnforcementField",
    EnforcementField,
    FieldIn,
    "fields",
    "fields",
    "执法领域",
    headers={"code": "编码", "name": "名称"},
)
LEGAL_BASIS = Kind(
    "LegalBasis",
    LegalBasis,
    LegalBasisIn,
    "bases",
    "legal-bases",
    "法律依据",
    headers={
        "code": "编码",
        "law_name": "法律法规名称",
        "article": "条款",
        "level": "效力层级",
        "text": "条文内容",
        "effective_date": "施行日期",
    },
)
MATTER = Kind(
    "Matter",
    Matter,
    MatterIn,
    "matters",
    "matters",
    "执法事项",
    headers={
        "code": "事项编码",
        "name": "事项名称",
        "category": "执法类别",
        "sub_item": "子项",
        "field": "执法领域",
        "department": "承办科室",
        "bases": "法律依据",
        "time_limit_days": "办理时限（天）",
        "time_limit_kind": "时限计算",
        "applicable_to": "适用对象",
        "conditions": "办理条件",
        "materials": "申请材料",
        "procedure": "办理流程",
        "fees": "收费标准",
        "office": "办理地点",
        "phone": "咨询电话",
        "office_hours": "办公时间",
        "supervision_phone": "监督电话",
        "remedy": "救济途径",
    },
)
OFFICER = Kind(
    "Officer",
    Officer,
    OfficerIn,
    "officers",
    "officers",
    "执法人员",
    not_on_pages=("user",),
    headers={  # no column for ``user``: accounts are linked on the pages
        "code": "人员编码",
        "name": "姓名",
        "gender": "性别",
        "department": "所在科室",
        "position": "职务",
        "employment": "用工性质",
    },
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
    headers={  # no column for ``officer``: it is the row's
        "number": "执法证号",
        "issuing_authority": "发证机关",
        "fields": "执法领域",
        "area": "执法区域",
        "valid_from": "有效期起",
        "valid_to": "有效期止",
    },
)
INSPECTION_ITEM = Kind(
    "InspectionItem",
    RandomInspectionItem,
    InspectionItemIn,
    "inspections",
    "inspection-items",
    "随机抽查事项清单",
    headers={
        "code": "编码",
        "item": "抽查事项",
        "sub_item": "抽查子项",
        "field": "执法领域",
        "department": "检查主体",
        "matter": "执法事项编码",
        "basis": "抽查依据",
        "target_type": "检查对象",
        "ratio_percent": "抽查比例（%）",
        "frequency": "抽查频次",
        "method": "检查方式",
    },
)
RECORDING = Kind(
    "RecordingRequirement",
    RecordingRequirement,
    RecordingRequirementIn,
    "recordings",
    "recording-requirements",
    "音像记录事项清单",
    headers={
        "code": "编码",
        "step": "执法环节",
        "matter": "执法事项编码",
        "content": "记录内容",
        "occasion": "记录场合",
        "recorder": "记录人员",
        "kind": "记录方式",
    },
)
REVIEW_ENTRY = Kind(
    "ReviewEntry",
    ReviewCatalogueEntry,
    ReviewEntryIn,
    "reviews",
    "review-entries",
    "重大执法决定法制审核目录",
    headers={
        "code": "编码",
        "name": "审核事项名称",
        "category": "执法类别",
        "matter": "执法事项编码",
        "ground": "审核情形",
        "fine_threshold_person": "罚款标准（自然人，元）",
        "fine_threshold_org": "罚款标准（法人或其他组织，元）",
        "confiscation_threshold_person": "没收标准（自然人，元）",
        "confiscation_threshold_org": "没收标准（法人或其他组织，元）",
        "penalty_kinds": "处罚种类",
        "hearing_held": "经过听证",
        "departs_from_standard": "偏离裁量基准",
        "head_referral": "负责人提交",
        "basis": "审核依据",
    },
)

KINDS = (FIELD, LEGAL_BASIS, MATTER, OFFICER, CERTIFICATE, INSPECTION_ITEM, RECORDING, REVIEW_ENTRY)
