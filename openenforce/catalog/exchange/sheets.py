"""The catalogue workbook: one sheet per list, its Chinese name and columns, defined once.

The order of ``SHEETS`` is the order of the workbook and of import: a list comes after the
lists it refers to (matters refer to fields, departments and legal bases).
See docs/catalog-spreadsheets.md for the layouts as agencies read them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from openenforce.accounts.models import Department
from openenforce.accounts.services import save_department
from openenforce.catalog import kinds
from openenforce.catalog.exchange import labels
from openenforce.catalog.exchange.codecs import (
    Amount,
    Choice,
    Date,
    Integer,
    ListOf,
    Text,
    YesNo,
    clean_text,
)
from openenforce.catalog.exchange.spec import (
    Change,
    Column,
    ListSheet,
    ParsedRow,
    Ref,
    Resolver,
    Values,
    problem,
)
from openenforce.catalog.models import (
    Certificate,
    CertificateEvent,
    DiscretionStandard,
    EnforcementField,
    LegalBasis,
    Matter,
    Officer,
    RandomInspectionItem,
    RecordingRequirement,
    ReviewCatalogueEntry,
)
from openenforce.catalog.services import add_certificate_event
from openenforce.core.errors import FieldProblem, InvalidInput

FIELDS = kinds.FIELD.sheet
DEPARTMENTS = "科室"
BASES = kinds.LEGAL_BASIS.sheet
MATTERS = kinds.MATTER.sheet
STANDARDS = "裁量基准"
OFFICERS = kinds.OFFICER.sheet
EVENTS = "证件记录"
INSPECTIONS = kinds.INSPECTION_ITEM.sheet
RECORDINGS = kinds.RECORDING.sheet
REVIEWS = kinds.REVIEW_ENTRY.sheet

# Columns agencies commonly add that carry nothing to import.
IGNORED_HEADERS = {"序号", "备注"}

FIELD_REF = Ref(EnforcementField, "name", FIELDS)
DEPARTMENT_REF = Ref(Department, "name", DEPARTMENTS)
BASIS_REF = Ref(LegalBasis, "code", BASES)
MATTER_REF = Ref(Matter, "code", MATTERS)
CERTIFICATE_REF = Ref(Certificate, "number", OFFICERS, agency_path="officer__agency")

STATUS = Column("状态", "status", Choice(labels.STATUS, labels.STATUS_ALIASES))
CATEGORY = Choice(labels.CATEGORY, labels.CATEGORY_ALIASES)


def code(header: str = "编码") -> Column:
    return Column(header, "code", required=True)


def field_ref(header: str = "执法领域", required: bool = True) -> Column:
    return Column(header, "field", required=required, ref=FIELD_REF)


def matter_ref(header: str = "执法事项编码") -> Column:
    return Column(header, "matter", ref=MATTER_REF)


def department_ref(header: str, attr: str = "department") -> Column:
    return Column(header, attr, ref=DEPARTMENT_REF)


FIELD_SHEET = ListSheet(FIELDS, EnforcementField, (code(), Column("名称", "name", required=True)))

DEPARTMENT_SHEET = ListSheet(
    DEPARTMENTS,
    Department,
    (code(), Column("名称", "name", required=True), Column("电话", "phone")),
    save=save_department,
)

BASIS_SHEET = ListSheet(
    BASES,
    LegalBasis,
    (
        code(),
        Column("法律法规名称", "law_name", required=True),
        Column("条款", "article", required=True),
        Column("效力层级", "level", Choice(labels.LAW_LEVEL)),
        Column("条文内容", "text"),
        Column("施行日期", "effective_date", Date()),
        STATUS,
    ),
)

MATTER_SHEET = ListSheet(
    MATTERS,
    Matter,
    (
        code("事项编码"),
        Column("事项名称", "name", required=True),
        Column("执法类别", "category", CATEGORY, required=True),
        Column("子项", "sub_item"),
        field_ref(),
        department_ref("承办科室"),
        Column("法律依据", "bases", ListOf(Text()), ref=BASIS_REF, many=True),
        Column("办理时限（天）", "time_limit_days", Integer()),
        Column("时限计算", "time_limit_kind", Choice(labels.TIME_LIMIT_KIND)),
        Column("适用对象", "applicable_to"),
        Column("办理条件", "conditions"),
        Column("申请材料", "materials"),
        Column("办理流程", "procedure"),
        Column("收费标准", "fees"),
        Column("办理地点", "office"),
        Column("咨询电话", "phone"),
        Column("办公时间", "office_hours"),
        Column("监督电话", "supervision_phone"),
        Column("救济途径", "remedy"),
        STATUS,
    ),
)

STANDARD_SHEET = ListSheet(
    STANDARDS,
    DiscretionStandard,
    (
        Column("事项编码", "matter", required=True, ref=MATTER_REF),
        code("基准编码"),
        Column("违法情形", "circumstance", required=True),
        Column("裁量等级", "degree"),
        Column("处罚内容", "penalty", required=True),
        Column("罚款下限（元）", "fine_min", Amount()),
        Column("罚款上限（元）", "fine_max", Amount()),
    ),
    key=("matter", "code"),
    agency_path="matter__agency",
    order_by=("matter__code", "code"),
)

INSPECTION_SHEET = ListSheet(
    INSPECTIONS,
    RandomInspectionItem,
    (
        code(),
        Column("抽查事项", "item", required=True),
        Column("抽查子项", "sub_item"),
        field_ref(),
        department_ref("检查主体"),
        matter_ref(),
        Column("抽查依据", "basis", required=True),
        Column("检查对象", "target_type", required=True),
        Column("抽查比例（%）", "ratio_percent", Amount(), required=True),
        Column("抽查频次", "frequency", required=True),
        Column(
            "检查方式", "method", Choice(labels.INSPECTION_METHOD, labels.INSPECTION_METHOD_ALIASES)
        ),
        STATUS,
    ),
)

RECORDING_SHEET = ListSheet(
    RECORDINGS,
    RecordingRequirement,
    (
        code(),
        Column("执法环节", "step", Choice(labels.RECORDING_STEP), required=True),
        matter_ref(),
        Column("记录内容", "content", required=True),
        Column("记录场合", "occasion"),
        Column("记录人员", "recorder"),
        Column("记录方式", "kind", Choice(labels.RECORDING_KIND)),
        STATUS,
    ),
)

REVIEW_SHEET = ListSheet(
    REVIEWS,
    ReviewCatalogueEntry,
    (
        code(),
        Column("审核事项名称", "name", required=True),
        Column("执法类别", "category", CATEGORY),
        matter_ref(),
        Column("审核情形", "ground", Choice(labels.REVIEW_GROUND), required=True),
        Column("罚款标准（自然人，元）", "fine_threshold_person", Amount()),
        Column("罚款标准（法人或其他组织，元）", "fine_threshold_org", Amount()),
        Column("没收标准（自然人，元）", "confiscation_threshold_person", Amount()),
        Column("没收标准（法人或其他组织，元）", "confiscation_threshold_org", Amount()),
        Column("处罚种类", "penalty_kinds", ListOf(Choice(labels.PENALTY_KIND))),
        Column("经过听证", "hearing_held", YesNo()),
        Column("偏离裁量基准", "departs_from_standard", YesNo()),
        Column("负责人提交", "head_referral", YesNo()),
        Column("审核依据", "basis"),
        STATUS,
    ),
)

OFFICER_COLUMNS = (
    code("人员编码"),
    Column("姓名", "name", required=True),
    Column("性别", "gender"),
    department_ref("所在科室"),
    Column("职务", "position"),
    Column("用工性质", "employment", Choice(labels.EMPLOYMENT, labels.EMPLOYMENT_ALIASES)),
    Column("人员状态", "status", STATUS.codec),
)
CERTIFICATE_COLUMNS = (
    Column("执法证号", "number"),
    Column("发证机关", "issuing_authority"),
    Column("执法领域", "fields", ListOf(Text()), ref=FIELD_REF, many=True),
    Column("执法区域", "area"),
    Column("有效期起", "valid_from", Date()),
    Column("有效期止", "valid_to", Date()),
    Column(
        "证件状态",
        "certificate_status",
        Choice(labels.CERTIFICATE_STATUS),
        getter=lambda certificate: certificate.status,
    ),
)
# Columns a row must fill once it names a certificate.
CERTIFICATE_NEEDS = ("issuing_authority", "fields", "valid_from", "valid_to")

OFFICER_PART = ListSheet(OFFICERS, Officer, OFFICER_COLUMNS)
CERTIFICATE_PART = ListSheet(
    "执法证",
    Certificate,
    CERTIFICATE_COLUMNS,
    key=("number",),
    agency_path="officer__agency",
    order_by=("number",),
)


class OfficerSheet(ListSheet):
    """The officer directory: one row per certificate (or one row for an officer without
    one), the officer's own columns repeated on each of their rows."""

    def _model_field(self, column: Column) -> Any:
        part = CERTIFICATE_PART if column in CERTIFICATE_COLUMNS else OFFICER_PART
        return ListSheet._model_field(part, column)

    def _split(self, values: Values) -> tuple[Values, Values]:
        officer_attrs = {c.attr for c in OFFICER_COLUMNS}
        officer = {k: v for k, v in values.items() if k in officer_attrs}
        return officer, {k: v for k, v in values.items() if k not in officer_attrs}

    def export_rows(self, agency: Any) -> Any:
        blank = [None] * len(CERTIFICATE_COLUMNS)
        for officer in OFFICER_PART.queryset(agency).select_related("department"):
            cells = [c.codec.format(c.read(officer)) for c in OFFICER_COLUMNS]
            certificates = officer.certificates.order_by("valid_from", "number")
            if not certificates:
                yield cells + blank
            for cert in certificates.prefetch_related("fields"):
                yield cells + [c.codec.format(c.read(cert)) for c in CERTIFICATE_COLUMNS]

    def check_rows(self, rows: list[ParsedRow]) -> list[FieldProblem]:
        with_numbers = [r for r in rows if r.values.get("number")]
        problems = CERTIFICATE_PART.check_rows(with_numbers)
        problems = [problem(self.name, p.row or 0, p.column, p.message) for p in problems]
        for parsed in with_numbers:
            problems += [
                problem(
                    self.name,
                    parsed.row,
                    c.header,
                    _("Required when a certificate number is given."),
                )
                for c in CERTIFICATE_COLUMNS
                if c.attr in CERTIFICATE_NEEDS and not clean_text(parsed.row.cells.get(c.header))
            ]
        return problems + self._consistency_problems(rows)

    def _consistency_problems(self, rows: list[ParsedRow]) -> list[FieldProblem]:
        first: dict[str, ParsedRow] = {}
        problems = []
        for parsed in rows:
            officer, _cert = self._split(parsed.values)
            earlier = first.setdefault(officer.get("code", ""), parsed)
            differing = [
                OFFICER_PART.column(attr).header
                for attr, value in officer.items()
                if earlier is not parsed and earlier.values.get(attr) != value
            ]
            problems += [
                problem(
                    self.name,
                    parsed.row,
                    header,
                    _("Differs from row %(row)s of the same officer.")
                    % {"row": earlier.row.number},
                )
                for header in differing
            ]
        return problems

    def apply_row(self, parsed: ParsedRow, resolver: Resolver, actor: Any) -> list[Change]:
        officer_values, cert_values = self._split(parsed.values)
        changes = []
        done_key = ("officer", officer_values["code"])
        if done_key not in resolver.done:
            resolver.done.add(done_key)
            changes += OFFICER_PART.apply_row(
                ParsedRow(parsed.row, officer_values), resolver, actor
            )
        if cert_values.get("number"):
            officer = Officer.objects.get(agency=resolver.agency, code=officer_values["code"])
            cert_row = ParsedRow(parsed.row, cert_values)
            moved = CERTIFICATE_PART.apply_row(
                cert_row, resolver, actor, fixed={"officer": officer}
            )
            # A certificate moved to another officer: name the column as the sheet does.
            header = OFFICER_PART.column("code").header
            changes += [
                replace(c, columns=tuple(header if h == "officer" else h for h in c.columns))
                for c in moved
            ]
        return changes


OFFICER_SHEET = OfficerSheet(OFFICERS, Officer, OFFICER_COLUMNS + CERTIFICATE_COLUMNS)


class EventSheet(ListSheet):
    """Certificate history. Entries are facts that happened: new rows are added through
    ``add_certificate_event`` (which moves the certificate's standing), existing ones are
    left as they are and may not be rewritten."""

    def apply_row(self, parsed: ParsedRow, resolver: Resolver, actor: Any) -> list[Change]:
        values = parsed.values
        existing = self.find(values, resolver)
        if existing is not None:
            if existing.reason != values.get("reason", existing.reason):
                raise InvalidInput(
                    _("A recorded history entry cannot be changed; add a new entry instead."),
                    code="certificate_event_immutable",
                    problems=[
                        FieldProblem(field="reason", message=_("Differs from the recorded entry."))
                    ],
                )
            return [self._change(parsed, "unchanged")]
        add_certificate_event(
            resolver.get(CERTIFICATE_REF, values["certificate"]),
            actor=actor,
            kind=values["kind"],
            date=values["date"],
            reason=values.get("reason", ""),
            valid_to=values.get("valid_to"),
        )
        return [self._change(parsed, "created")]


EVENT_SHEET = EventSheet(
    EVENTS,
    CertificateEvent,
    (
        Column("执法证号", "certificate", required=True, ref=CERTIFICATE_REF),
        Column(
            "事项",
            "kind",
            Choice(labels.CERTIFICATE_EVENT, labels.CERTIFICATE_EVENT_ALIASES),
            required=True,
        ),
        Column("日期", "date", Date(), required=True),
        Column("原因", "reason"),
        Column("换证后有效期止", "valid_to", Date()),
    ),
    key=("certificate", "kind", "date"),
    agency_path="certificate__officer__agency",
    order_by=("certificate__number", "date", "id"),
)

SHEETS: tuple[ListSheet, ...] = (
    FIELD_SHEET,
    DEPARTMENT_SHEET,
    BASIS_SHEET,
    MATTER_SHEET,
    STANDARD_SHEET,
    OFFICER_SHEET,
    EVENT_SHEET,
    INSPECTION_SHEET,
    RECORDING_SHEET,
    REVIEW_SHEET,
)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
