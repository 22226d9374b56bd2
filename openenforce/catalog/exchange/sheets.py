"""The catalogue workbook: one sheet per list, its Chinese name and columns, defined once.

A list of ``catalog.kinds`` gets its sheet from its description (``kind_sheet``); the
sheets of departments, discretion standards, officers with their certificates and
certificate history add what is their own here.

The order of ``SHEETS`` is the order of the workbook and of import: a list comes after the
lists it refers to (matters refer to fields, departments and legal bases).
See docs/catalog-spreadsheets.md for the layouts as agencies read them.
"""

from __future__ import annotations

import datetime
import types
import typing
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from openenforce.accounts.models import Department
from openenforce.accounts.services import save_department
from openenforce.catalog import kinds
from openenforce.catalog.exchange import labels
from openenforce.catalog.exchange.codecs import (
    Amount,
    Choice,
    Codec,
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

# How a sheet names an entry of another list, by the list's model.
REFS: dict[type[models.Model], Ref] = {
    EnforcementField: FIELD_REF,
    Department: DEPARTMENT_REF,
    LegalBasis: BASIS_REF,
    Matter: MATTER_REF,
}
# The codec of each type of a schema's fields (choices, lists and optional ones aside).
CODECS: dict[Any, Codec] = {
    str: Text(),
    int: Integer(),
    bool: YesNo(),
    Decimal: Amount(),
    datetime.date: Date(),
}


def codec_for(annotation: Any) -> Codec:
    """The codec of a schema field's type: ``X | None`` as ``X``, a ``Literal`` of a
    choice's values with its labels, a list with its items' codec."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = (a for a in args if a is not type(None))
        return codec_for(inner)
    if origin is typing.Literal:
        return Choice(*labels.of_values(args))
    if origin is list:
        return ListOf(codec_for(args[0]))
    return CODECS[annotation]


def kind_columns(kind: kinds.Kind, required: bool = True) -> tuple[Column, ...]:
    """A kind's columns, in the order and with the headers of ``Kind.headers``: a cell is
    required where the schema's field is (and ``required``), a field that is a relation of
    the model names its entries as ``REFS`` says."""
    columns = []
    for attr, header in kind.headers.items():
        if attr == kind.key:
            columns.append(Column(header, attr, required=required))
            continue
        info = kind.schema.model_fields[attr]
        model_field = kind.model._meta.get_field(attr)
        columns.append(
            Column(
                header,
                attr,
                codec_for(info.annotation),
                required=required and info.is_required(),
                ref=REFS[typing.cast(type[models.Model], model_field.related_model)]
                if model_field.is_relation
                else None,
                many=bool(model_field.many_to_many),
            )
        )
    return tuple(columns)


def kind_sheet(kind: kinds.Kind, *extra: Column) -> ListSheet:
    return ListSheet(kind.sheet, kind.model, kind_columns(kind) + extra)


FIELD_SHEET = kind_sheet(kinds.FIELD)

DEPARTMENT_SHEET = ListSheet(
    DEPARTMENTS,
    Department,
    (
        Column("编码", "code", required=True),
        Column("名称", "name", required=True),
        Column("电话", "phone"),
    ),
    save=save_department,
)

BASIS_SHEET = kind_sheet(kinds.LEGAL_BASIS, STATUS)

MATTER_SHEET = kind_sheet(kinds.MATTER, STATUS)

STANDARD_SHEET = ListSheet(
    STANDARDS,
    DiscretionStandard,
    (
        Column("事项编码", "matter", required=True, ref=MATTER_REF),
        Column("基准编码", "code", required=True),
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

INSPECTION_SHEET = kind_sheet(kinds.INSPECTION_ITEM, STATUS)

RECORDING_SHEET = kind_sheet(kinds.RECORDING, STATUS)

REVIEW_SHEET = kind_sheet(kinds.REVIEW_ENTRY, STATUS)

OFFICER_COLUMNS = (
    *kind_columns(kinds.OFFICER),
    Column("人员状态", "status", STATUS.codec),
)
# A row names a certificate or not: no certificate cell is required of every row, but
# those the certificate's schema requires are required once a row gives its number.
CERTIFICATE_COLUMNS = (
    *kind_columns(kinds.CERTIFICATE, required=False),
    Column(
        "证件状态",
        "certificate_status",
        Choice(labels.CERTIFICATE_STATUS),
        getter=lambda certificate: certificate.status,
    ),
)
CERTIFICATE_NEEDS = tuple(
    name
    for name, info in kinds.CERTIFICATE.schema.model_fields.items()
    if info.is_required() and name in kinds.CERTIFICATE.headers
)

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
