"""The annual enforcement data report's tables (行政执法数据年度报告), computed from the record.

For an agency and a statistical year (1 January – 31 December) ``compute(agency, year)``
returns plain JSON: for each table, one row per unit (the agency itself, then each of its
own subordinate units, ``Agency.parent``) and a total row; each cell holds its value, how
many cases (or officers, for 持证率) make it and a digest of their ids, so that a
recomputation tells a changed cell even when its value stays the same. The ids themselves
are not stored (a county's year runs to hundreds of thousands of cases): ``cell_ids``
lists a cell's cases on demand by running that table's counting rule over the record
again, for its unit (the drill-down page), and the page compares their digest with the
stored one. A report stored before (``version`` 1: each cell with its ``ids``) is read
the same way (``compact``). The columns and the counting rules are those agencies publish (Guangdong's
样式, 曲阜, 永川, 庆元, 大同: docs/annualreports.md, with the sources).

A row whose unit holds no power of the table's kind (no catalogue matter of that category
in force) is ``None``: the report shows 无相关职责 there; a unit holding the power that did
nothing shows 0 (Guangdong's fill-in rule).

Nothing here writes; the report's services store what this returns.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openenforce.accounts.models import Agency
from openenforce.cases.models import Case
from openenforce.catalog.models import (
    Certificate,
    EnforcementCategory,
    Matter,
    Officer,
    PenaltyKind,
)
from openenforce.remedies.models import Remedy
from openenforce.reviews.models import LegalReview

VERSION = 2
TOTAL = "total"
TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")

PENALTY_PROCEDURES = ("penalty_ordinary", "penalty_simplified")
NO_PENALTY = (Case.Outcome.NO_PENALTY_MINOR, Case.Outcome.NO_PENALTY_UNPROVEN)

# The 14 penalty columns (曲阜 2021), in the published order; "other" takes a decision
# without a named kind.
PENALTY_COLUMNS = (
    PenaltyKind.WARNING,
    PenaltyKind.CRITICISM,
    PenaltyKind.FINE,
    PenaltyKind.CONFISCATE_GAINS,
    PenaltyKind.CONFISCATE_PROPERTY,
    PenaltyKind.SUSPEND_LICENCE,
    PenaltyKind.LOWER_QUALIFICATION,
    PenaltyKind.REVOKE_LICENCE,
    PenaltyKind.RESTRICT_OPERATION,
    PenaltyKind.SUSPEND_BUSINESS,
    PenaltyKind.CLOSURE,
    PenaltyKind.RESTRICT_EMPLOYMENT,
    PenaltyKind.DETENTION,
)
OTHER_PENALTY = "other"

# Severity, lightest first (大同, following 行政处罚法 2021 Art 9): a combined penalty counts
# once, under its heaviest kind. Kinds of one rank tie: the one listed first in Art 9 wins.
SEVERITY = {
    PenaltyKind.WARNING: 1,
    PenaltyKind.CRITICISM: 2,
    PenaltyKind.FINE: 3,
    PenaltyKind.CONFISCATE_GAINS: 4,
    PenaltyKind.CONFISCATE_PROPERTY: 4,
    PenaltyKind.SUSPEND_LICENCE: 5,
    PenaltyKind.LOWER_QUALIFICATION: 6,
    PenaltyKind.RESTRICT_OPERATION: 7,
    PenaltyKind.SUSPEND_BUSINESS: 8,
    PenaltyKind.CLOSURE: 9,
    PenaltyKind.RESTRICT_EMPLOYMENT: 9,
    PenaltyKind.REVOKE_LICENCE: 10,
    PenaltyKind.DETENTION: 11,
}

# Legal review outcomes that count as 纠错 (the review did not simply agree).
CORRECTING_REVIEWS = (
    LegalReview.Outcome.AGREE_WITH_CHANGES,
    LegalReview.Outcome.DISAGREE,
    LegalReview.Outcome.RETURN,
)
# Remedy results that correct the decision (复议纠错 / 诉讼败诉).
CORRECTING_REMEDIES = Remedy.CORRECTING

OTHER_CATEGORIES = (
    EnforcementCategory.CONFIRMATION,
    EnforcementCategory.PAYMENT,
    EnforcementCategory.AWARD,
    EnforcementCategory.ADJUDICATION,
    EnforcementCategory.OTHER,
)
# The catalogue has one category for 征收 and 征用: a matter whose name says 征用 is a
# requisition, every other levy matter a levy.
REQUISITION_WORD = "征用"


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    amount: bool = False  # 万元, two decimals
    rate: bool = False  # a percentage, two decimals


@dataclass(frozen=True)
class Table:
    key: str
    title: object
    columns: tuple[Column, ...]
    items: str = "case"  # what a cell's ids are: "case" or "officer"


def _penalty_columns() -> tuple[Column, ...]:
    kinds = tuple(Column(str(kind.value), kind.label) for kind in PENALTY_COLUMNS)
    return (
        Column("filed", pgettext_lazy("annual report column", "Cases filed")),
        Column("closed", pgettext_lazy("annual report column", "Cases closed")),
        *kinds,
        Column(OTHER_PENALTY, pgettext_lazy("penalty kind", "Other")),
        Column("total", _("Total (cases)")),
        Column("amount", _("Fines and confiscations (10,000 yuan)"), amount=True),
        Column("no_penalty", _("No penalty (cases)")),
        Column("no_penalty_amount", _("Amount not imposed (10,000 yuan)"), amount=True),
        Column("mitigated", _("Mitigated penalty (cases)")),
        Column("mitigated_amount", _("Amount mitigated (10,000 yuan)"), amount=True),
        Column("simplified", _("Simplified procedure")),
        Column("ordinary", _("Ordinary procedure")),
        Column("reviewed", _("Legal review: reviewed")),
        Column("review_corrected", _("Legal review: corrected")),
        Column("transferred", _("Transferred as suspected crimes")),
        Column("accepted", _("Cases accepted by the judiciary")),
        Column("reconsidered", _("Challenged by reconsideration")),
        Column("reconsideration_corrected", _("Corrected on reconsideration")),
        Column("litigated", _("Challenged in litigation")),
        Column("litigation_lost", _("Lost in litigation")),
    )


LICENSING = Table(
    "licensing",
    _("Administrative licensing"),
    (
        Column("applied", _("Applications received")),
        Column("accepted", _("Applications accepted")),
        Column("granted", _("Licences granted")),
        Column("refused", _("Licences refused")),
        Column("revoked", _("Licences revoked")),
        Column("reviewed", _("Legal review: reviewed")),
        Column("review_corrected", _("Legal review: corrected")),
    ),
)
PENALTY = Table("penalty", _("Administrative penalty"), _penalty_columns())
COERCION = Table(
    "coercion",
    _("Administrative coercion"),
    (
        Column("measures", _("Coercive measures")),
        Column("executions", _("Coercive executions")),
        Column("court", _("Applications to the court for enforcement")),
    ),
)
LEVY = Table(
    "levy",
    _("Administrative levy"),
    (Column("started", _("Proceedings started")), Column("decided", _("Decisions made"))),
)
REQUISITION = Table(
    "requisition",
    _("Administrative requisition"),
    (Column("started", _("Proceedings started")), Column("decided", _("Decisions made"))),
)
INSPECTION = Table(
    "inspection",
    _("Administrative inspection"),
    (
        Column("counted", _("Inspections (counted)")),
        Column("problems", _("Of which rectification ordered")),
        Column("not_counted", _("Not counted")),
    ),
)
OTHER = Table(
    "other",
    _("Other enforcement acts"),
    (
        Column(EnforcementCategory.CONFIRMATION.value, _("Administrative confirmation")),
        Column(EnforcementCategory.PAYMENT.value, _("Administrative payment")),
        Column(EnforcementCategory.AWARD.value, _("Administrative award")),
        Column(EnforcementCategory.ADJUDICATION.value, _("Administrative adjudication")),
        Column(EnforcementCategory.OTHER.value, _("Other enforcement acts")),
    ),
)
CERTIFICATES = Table(
    "certificates",
    _("Enforcement certificate holding rate"),
    (
        Column("officers", _("Enforcement staff")),
        Column("certified", _("Holding a valid certificate")),
        Column("rate", _("Holding rate (%)"), rate=True),
    ),
    items="officer",
)

TABLES = (LICENSING, PENALTY, COERCION, LEVY, REQUISITION, INSPECTION, OTHER, CERTIFICATES)
BY_KEY = {table.key: table for table in TABLES}


# Plain codes, for the per-decision lookups (an enum member's attribute access is slow
# over a million decisions).
_SEVERITY = {str(kind): rank for kind, rank in SEVERITY.items()}
_COLUMN_ORDER = {str(kind): i for i, kind in enumerate(PENALTY_COLUMNS)}


def heaviest_kind(kinds: Iterable[str]) -> str:
    """The column a decision counts under: its heaviest named kind, else "other"."""
    return _heaviest(tuple(kinds))


@functools.lru_cache(maxsize=1024)
def _heaviest_of(kinds_text: str | None) -> str:
    """``heaviest_kind`` of a decision's kinds as stored (JSON text)."""
    kinds = json.loads(kinds_text) if kinds_text else []
    return _heaviest(tuple(kinds) if isinstance(kinds, list) else ())


@functools.lru_cache(maxsize=1024)
def _heaviest(kinds: tuple) -> str:
    named = [kind for kind in kinds if kind in _SEVERITY]
    if not named:
        return OTHER_PENALTY
    return str(max(named, key=lambda kind: (_SEVERITY[kind], -_COLUMN_ORDER[kind])))


def units_of(agency: Agency) -> list[Agency]:
    """The agency itself, then its own subordinate units by code."""
    return [agency, *Agency.objects.filter(parent=agency).order_by("code")]


def _in_year(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": datetime.date(year, 1, 1), f"{field}__lte": _end(year)})


def _end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


class _Cells:
    """Cells of one row under construction: each a set of ids and, for amounts, a sum."""

    def __init__(self, table: Table):
        self.table = table
        self.ids: dict[str, set[int]] = {c.key: set() for c in table.columns}
        self.sums: dict[str, Decimal] = {}

    def add(self, key: str, item_id: int, amount: Decimal | None = None) -> None:
        if amount is not None:
            if not amount:
                return
            self.sums[key] = self.sums.get(key, Decimal(0)) + amount
        self.ids[key].add(item_id)

    def row(self) -> dict:
        cells = {}
        for column in self.table.columns:
            ids = sorted(self.ids[column.key])
            if column.amount:
                value: object = _wan(self.sums.get(column.key, Decimal(0)))
            elif column.rate:
                continue
            else:
                value = len(ids)
            cells[column.key] = {"value": value, "ids": ids}
        return cells


def _wan(yuan: Decimal) -> str:
    return str((yuan / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP))


def _yuan(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


# ------------------------------------------------------------------------- the tables


def _licensing(cases: QuerySet, year: int) -> _Cells:
    cells = _Cells(LICENSING)
    rows = cases.filter(procedure="licensing").filter(
        _in_year("opened_on", year)
        | _in_year("filed_on", year)
        | _in_year("decided_on", year)
        | Q(details__has_key="record_decision_change")
    )
    for case in rows.values("id", "opened_on", "filed_on", "decided_on", "outcome", "details"):
        pk = case["id"]
        if _in(case["opened_on"], year):
            cells.add("applied", pk)
        if _in(case["filed_on"], year):
            cells.add("accepted", pk)
        if _in(case["decided_on"], year) and case["outcome"] == Case.Outcome.GRANTED:
            cells.add("granted", pk)
        if _in(case["decided_on"], year) and case["outcome"] == Case.Outcome.REFUSED:
            cells.add("refused", pk)
        change = (case["details"] or {}).get("record_decision_change") or {}
        if change.get("ground") == "revoked" and _in(_date(change.get("changed_on")), year):
            cells.add("revoked", pk)
    _reviews(cells, cases.filter(procedure="licensing"), year)
    return cells


def _in(day, year: int) -> bool:
    day = _date(day)
    return day is not None and day.year == year


def _reviews(cells: _Cells, cases: QuerySet, year: int) -> None:
    """法制审核: cases whose legal review was decided in the year (withdrawn opinions
    left out); 纠错 when any such opinion did not simply agree."""
    reviews = LegalReview.objects.filter(
        case__in=cases, withdrawn_at__isnull=True, decided_at__isnull=False
    ).exclude(outcome="")
    for review in reviews.values("case_id", "outcome", "decided_at"):
        if review["decided_at"].astimezone(_tz()).year != year:
            continue
        cells.add("reviewed", review["case_id"])
        if review["outcome"] in CORRECTING_REVIEWS:
            cells.add("review_corrected", review["case_id"])


def _tz():
    from django.utils import timezone

    return timezone.get_current_timezone()


def _penalty(cases: QuerySet, year: int) -> _Cells:
    cells = _Cells(PENALTY)
    penalty = cases.filter(procedure__in=PENALTY_PROCEDURES)
    fields = [
        "id",
        "procedure",
        "filed_on",
        "decided_on",
        "closed_on",
        "outcome",
        "kinds_text",
        "proposed_fine",
        "proposed_confiscation",
        "mitigated",
        "amount_forgone",
        "confiscation_value_determined",
        "judiciary_accepted_on",
    ]
    # The kinds as their JSON text, parsed once per distinct list (``_heaviest_of``), not
    # once per case.
    penalty = penalty.annotate(kinds_text=Cast("proposed_penalty_kinds", TextField()))
    touched = penalty.filter(
        _in_year("filed_on", year)
        | _in_year("decided_on", year)
        | _in_year("closed_on", year)
        | _in_year("judiciary_accepted_on", year)
    )
    for case in touched.values(*fields):
        pk, decided = case["id"], _in_date(case["decided_on"], year)
        simplified = case["procedure"] == "penalty_simplified"
        # 简易程序 has no 立案: the on-the-spot decision stands for it.
        if _in_date(case["filed_on"], year) or (simplified and decided):
            cells.add("filed", pk)
        if _in_date(case["closed_on"], year):
            cells.add("closed", pk)
        if _in_date(case["judiciary_accepted_on"], year):
            cells.add("accepted", pk)
        if decided:
            _decision(cells, case, simplified)
    _reviews(cells, penalty, year)
    _remedies(cells, penalty, year)
    return cells


def _in_date(day: datetime.date | None, year: int) -> bool:
    """``_in`` for a date column's value (a date or None)."""
    return day is not None and day.year == year


_PENALTY = str(Case.Outcome.PENALTY)
_NO_PENALTY = frozenset(str(o) for o in NO_PENALTY)
_TRANSFER_JUDICIARY = str(Case.Outcome.TRANSFER_JUDICIARY)


def _decision(cells: _Cells, case: dict, simplified: bool) -> None:
    """A decision made in the year: counted once, by its outcome."""
    pk, outcome = case["id"], case["outcome"]
    if outcome == _PENALTY:
        cells.add(_heaviest_of(case["kinds_text"]), pk)
        cells.add("total", pk)
        amount = _yuan(case["proposed_fine"])
        # Confiscations count only when their value was determined (research note §1.2).
        if case["confiscation_value_determined"]:
            amount += _yuan(case["proposed_confiscation"])
        cells.add("amount", pk, amount)
        cells.add("simplified" if simplified else "ordinary", pk)
        if case["mitigated"]:
            cells.add("mitigated", pk)
            cells.add("mitigated_amount", pk, _yuan(case["amount_forgone"]))
    elif outcome in _NO_PENALTY:
        cells.add("no_penalty", pk)
        cells.add("no_penalty_amount", pk, _yuan(case["amount_forgone"]))
    elif outcome == _TRANSFER_JUDICIARY:
        cells.add("transferred", pk)


def _remedies(cells: _Cells, cases: QuerySet, year: int) -> None:
    """被行政复议/诉讼: cases challenged (filed) in the year; 纠错/败诉: cases whose remedy
    was decided in the year with a correcting result (one case counts once per column)."""
    rows = Remedy.objects.filter(case__in=cases).filter(
        _in_year("filed_on", year) | _in_year("decided_on", year)
    )
    for row in rows.values("case_id", "kind", "filed_on", "decided_on", "result"):
        filed, corrected = "reconsidered", "reconsideration_corrected"
        if row["kind"] == "litigation":
            filed, corrected = "litigated", "litigation_lost"
        if _in(row["filed_on"], year):
            cells.add(filed, row["case_id"])
        if _in(row["decided_on"], year) and row["result"] in CORRECTING_REMEDIES:
            cells.add(corrected, row["case_id"])


def _coercion(cases: QuerySet, year: int) -> _Cells:
    cells = _Cells(COERCION)
    coercion = cases.filter(procedure="coercion").filter(
        Q(details__has_key="approve_measure") | Q(details__has_key="take_emergency_measure")
    )
    for case in coercion.values("id", "details", "decided_on", "outcome"):
        details = case["details"] or {}
        taken = (details.get("approve_measure") or {}).get("started_on") or (
            details.get("take_emergency_measure") or {}
        ).get("taken_at")
        if _in(taken, year):
            cells.add("measures", case["id"])
        if case["outcome"] == Case.Outcome.DISPOSED and _in(case["decided_on"], year):
            cells.add("executions", case["id"])
    # 加处罚款: a surcharge paid on a late fine is an execution too (行政强制法 Art 45).
    paid = cases.filter(procedure__in=PENALTY_PROCEDURES, details__has_key="payments")
    for case in paid.values("id", "details"):
        for payment in case["details"].get("payments") or []:
            if _yuan(payment.get("surcharge")) and _in(payment.get("paid_on"), year):
                cells.add("executions", case["id"])
    court = cases.filter(details__has_key="court_application")
    for case in court.values("id", "details"):
        if _in((case["details"].get("court_application") or {}).get("applied_on"), year):
            cells.add("court", case["id"])
    return cells


def _levy(cases: QuerySet, year: int, requisition: bool) -> _Cells:
    table = REQUISITION if requisition else LEVY
    cells = _Cells(table)
    levy = cases.filter(procedure="levy")
    word = Q(matter__name__contains=REQUISITION_WORD)
    levy = levy.filter(word) if requisition else levy.exclude(word)
    for case in levy.values("id", "opened_on", "decided_on"):
        if _in(case["opened_on"], year):
            cells.add("started", case["id"])
        if _in(case["decided_on"], year):
            cells.add("decided", case["id"])
    return cells


def _inspection(cases: QuerySet, year: int) -> _Cells:
    """大同's rule, applied when the result is recorded (``Case.counted_inspection``): an
    inspected object with a complete, detailed record counts as one; a patrol or a visit
    without a complete record, and an inspection that led straight into a penalty case,
    do not."""
    cells = _Cells(INSPECTION)
    rows = cases.filter(procedure="inspection").filter(_in_year("decided_on", year))
    for case in rows.values("id", "details", "outcome", "counted_inspection"):
        if not case["counted_inspection"]:
            cells.add("not_counted", case["id"])
            continue
        cells.add("counted", case["id"])
        if case["outcome"] == Case.Outcome.RECTIFICATION or (case["details"] or {}).get(
            "verify_rectification"
        ):
            cells.add("problems", case["id"])
    return cells


def _other(cases: QuerySet, year: int) -> _Cells:
    cells = _Cells(OTHER)
    rows = cases.filter(category__in=OTHER_CATEGORIES).filter(_in_year("decided_on", year))
    for case in rows.values("id", "category"):
        cells.add(case["category"], case["id"])
    return cells


def _certificates(unit: Agency, year: int) -> dict:
    """持证率 at the year's end: enforcement staff (officers in force who are not contract
    staff, who may never enforce) and those of them holding a certificate valid that day."""
    staff = Officer.objects.filter(agency=unit, status=Officer.Status.ACTIVE).exclude(
        employment=Officer.Employment.CONTRACT
    )
    officer_ids = sorted(staff.values_list("id", flat=True))
    valid = Certificate.objects.valid_on(_end(year)).filter(officer__in=staff)
    certified = sorted(set(valid.values_list("officer_id", flat=True)))
    return {
        "officers": {"value": len(officer_ids), "ids": officer_ids},
        "certified": {"value": len(certified), "ids": certified},
        "rate": {"value": _rate(len(certified), len(officer_ids)), "ids": certified},
    }


def _rate(part: int, whole: int) -> str:
    if not whole:
        return "0.00"
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP))


# -------------------------------------------------------------------------- the powers


def _powers(unit: Agency) -> dict[str, bool]:
    """Which tables the unit holds the power for: a matter of that category in force."""
    matters = Matter.objects.filter(agency=unit, status=Matter.Status.ACTIVE)
    rows = list(matters.values_list("category", "name"))
    categories = {category for category, _name in rows}
    levy_names = [name for category, name in rows if category == EnforcementCategory.LEVY]
    return {
        "licensing": EnforcementCategory.LICENSING in categories,
        "penalty": EnforcementCategory.PENALTY in categories,
        "coercion": EnforcementCategory.COERCION in categories,
        "levy": any(REQUISITION_WORD not in name for name in levy_names),
        "requisition": any(REQUISITION_WORD in name for name in levy_names),
        "inspection": EnforcementCategory.INSPECTION in categories,
        "other": bool(categories & set(OTHER_CATEGORIES)),
        "certificates": True,
    }


_RULES = {
    "licensing": lambda cases, unit, year: _licensing(cases, year).row(),
    "penalty": lambda cases, unit, year: _penalty(cases, year).row(),
    "coercion": lambda cases, unit, year: _coercion(cases, year).row(),
    "levy": lambda cases, unit, year: _levy(cases, year, requisition=False).row(),
    "requisition": lambda cases, unit, year: _levy(cases, year, requisition=True).row(),
    "inspection": lambda cases, unit, year: _inspection(cases, year).row(),
    "other": lambda cases, unit, year: _other(cases, year).row(),
    "certificates": lambda cases, unit, year: _certificates(unit, year),
}


def _unit_rows(unit: Agency, year: int, keys: Iterable[str] | None = None) -> dict:
    """The unit's rows of the tables ``keys`` (every table by default), cells with ids."""
    cases = Case.objects.filter(agency=unit)
    powers = _powers(unit)
    keys = list(_RULES) if keys is None else list(keys)
    return {key: (_RULES[key](cases, unit, year) if powers[key] else None) for key in keys}


def _total(table: Table, rows: list[dict | None]) -> dict | None:
    held = [row for row in rows if row is not None]
    if not held:
        return None
    total: dict[str, dict] = {}
    for column in table.columns:
        ids = sorted({pk for row in held for pk in row[column.key]["ids"]})
        if column.amount:
            value: object = str(
                sum((Decimal(row[column.key]["value"]) for row in held), Decimal(0))
            )
            value = str(Decimal(str(value)).quantize(CENT))
        elif column.rate:
            continue
        else:
            value = sum(row[column.key]["value"] for row in held)
        total[column.key] = {"value": value, "ids": ids}
    if table is CERTIFICATES:
        total["rate"] = {
            "value": _rate(len(total["certified"]["ids"]), len(total["officers"]["ids"])),
            "ids": total["certified"]["ids"],
        }
    return total


def compute(agency: Agency, year: int) -> dict:
    """The report's data for ``agency`` and ``year`` (plain JSON; see the module doc)."""
    units = units_of(agency)
    per_unit = {unit.code: _unit_rows(unit, year) for unit in units}
    tables = {}
    for table in TABLES:
        rows = {code: per_unit[code][table.key] for code in per_unit}
        rows[TOTAL] = _total(table, list(rows.values()))
        tables[table.key] = {"rows": {code: _stored_row(row) for code, row in rows.items()}}
    return {
        "version": VERSION,
        "agency": agency.code,
        "year": year,
        "period": [datetime.date(year, 1, 1).isoformat(), _end(year).isoformat()],
        "units": [{"id": u.pk, "code": u.code, "name": u.name} for u in units],
        "tables": tables,
    }


def ids_digest(ids: Iterable[int]) -> str:
    """SHA-256 of a cell's ids, ascending, comma-separated: tells a cell whose cases
    changed though its value did not."""
    text = ",".join(str(pk) for pk in sorted(set(ids)))
    return hashlib.sha256(text.encode()).hexdigest()


def _stored_cell(cell: dict) -> dict:
    """A cell as stored: its value, the number of its items and their digest."""
    ids = cell.get("ids", [])
    return {"value": cell["value"], "count": len(ids), "digest": ids_digest(ids)}


def _stored_row(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {key: _stored_cell(cell) if "ids" in cell else cell for key, cell in row.items()}


def compact(data: dict) -> dict:
    """``data`` in the stored shape of this version: a version-1 report (each cell with
    its ``ids``) gets each cell's count and digest instead; the values stay."""
    tables = {
        key: {"rows": {code: _stored_row(row) for code, row in table.get("rows", {}).items()}}
        for key, table in data.get("tables", {}).items()
    }
    return {**data, "version": VERSION, "tables": tables}


def cell_ids(data: dict, table: str, unit: str, column: str) -> list[int] | None:
    """The ids of the cases (or officers) that make one cell, computed now from the
    record by the table's counting rule, for the stored report's unit (or every unit, for
    the total), as ``compute`` counts them; None for a cell the report does not have.
    Compare ``ids_digest`` of them with the stored cell's ``digest`` to tell whether the
    record changed since."""
    spec = BY_KEY.get(table)
    stored = cell(data, table, unit, column)
    if spec is None or stored is None:
        return None
    if "ids" in stored:  # a version-1 report keeps its own ids
        return list(stored["ids"])
    year = int(data["year"])
    units = [u for u in data.get("units", []) if unit in (TOTAL, u["code"])]
    agencies = Agency.objects.in_bulk([u["id"] for u in units])
    found: set[int] = set()
    for row in units:
        agency = agencies.get(row["id"])
        computed = _unit_rows(agency, year, [table])[table] if agency is not None else None
        if computed is None:
            continue
        if column == "rate":  # 持证率 lists the certified officers
            found.update(computed["certified"]["ids"])
        elif column in computed:
            found.update(computed[column]["ids"])
    return sorted(found)


def digest(data: dict) -> str:
    """SHA-256 of the data's canonical JSON."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def differences(stored: dict, fresh: dict) -> list[str]:
    """The cells that differ between two computations, as ``table/unit/column: a != b``
    (a different value, or the same value made by other cases). Either may be a
    version-1 report."""
    stored, fresh = compact(stored), compact(fresh)
    found = []
    tables = sorted(set(stored.get("tables", {})) | set(fresh.get("tables", {})))
    for key in tables:
        old_rows = stored.get("tables", {}).get(key, {}).get("rows", {})
        new_rows = fresh.get("tables", {}).get(key, {}).get("rows", {})
        for unit in sorted(set(old_rows) | set(new_rows)):
            old, new = old_rows.get(unit), new_rows.get(unit)
            if old is None or new is None:
                if old != new:
                    found.append(f"{key}/{unit}: {_show(old)} != {_show(new)}")
                continue
            for column in sorted(set(old) | set(new)):
                a, b = old.get(column), new.get(column)
                if a != b:
                    found.append(f"{key}/{unit}/{column}: {_show(a)} != {_show(b)}")
    return found


def _show(cell) -> str:
    if cell is None:
        return "无相关职责"
    if isinstance(cell, dict) and "value" in cell:
        return f"{cell['value']} ({cell.get('count', 0)}: {str(cell.get('digest', ''))[:12]})"
    return "…"


def cell(data: dict, table: str, unit: str, column: str) -> dict | None:
    """One stored cell (value, count and digest; a version-1 report's: value and ids),
    or None (无相关职责, or unknown)."""
    row = data.get("tables", {}).get(table, {}).get("rows", {}).get(unit)
    return None if row is None else row.get(column)
