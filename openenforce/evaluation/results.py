"""The figures of a campaign, for its detail page, the report and the yearly appraisal.

- ``file_results(campaign)``: per sampled file in rank order, its case, agency and
  procedure, the final points, grade and veto (None until the file has a final result),
  and its problems: each failed veto item and each point item with a deduction, with
  its group, its class (立卷 / 实体 / 程序: ``models.PROBLEM_CLASS``), the points deducted
  and the comment (the settlement's note where the supervisor decided the item).
- ``agency_summary(campaign)``: per evaluated agency, the files with a final result,
  their mean points, the counts of 优秀 / 合格 / 不合格 and the 优秀率 / 合格率 (合格 counts
  优秀 files too: a file graded 优秀 has passed), as fractions of the graded files.

Read only; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from openenforce.accounts.models import Agency
from openenforce.cases.models import Case
from openenforce.evaluation.models import (
    Campaign,
    FileResult,
    Grade,
    RubricItem,
    SampledFile,
    problem_class,
)
from openenforce.evaluation.scoring import effective_deduction, final_values


@dataclass(frozen=True)
class Problem:
    item: RubricItem
    group: str
    problem_class: str
    deducted: Decimal  # 0 for a failed veto item (it fails the file instead)
    comment: str
    veto: bool


@dataclass
class FileRow:
    sampled: SampledFile
    case: Case
    agency: Agency
    procedure: str
    status: str  # "" (not both scores in yet), or the FileResult status
    points: Decimal | None
    grade: str
    vetoed: bool | None
    problems: list[Problem] = field(default_factory=list)


def _problems(result: FileResult) -> list[Problem]:
    found = []
    for value in final_values(result).values():
        item = value.item
        veto = item.kind == RubricItem.Kind.VETO
        deducted = Decimal(0) if veto else effective_deduction(item, value.deducted)
        if (veto and value.met is False) or deducted > 0:
            found.append(
                Problem(item, item.group, problem_class(item.group), deducted, value.comment, veto)
            )
    return found


def file_results(campaign: Campaign) -> list[FileRow]:
    rows = []
    sampled = (
        SampledFile.objects.filter(campaign=campaign)
        .select_related("case__agency", "result__first")
        .order_by("rank")
    )
    for one in sampled:
        result: FileResult | None = getattr(one, "result", None)
        row = FileRow(
            sampled=one,
            case=one.case,
            agency=one.case.agency,
            procedure=one.case.procedure,
            status=result.status if result is not None else "",
            points=None,
            grade="",
            vetoed=None,
        )
        if result is not None and result.is_final:
            row.points, row.grade, row.vetoed = result.points, result.grade, result.vetoed
            row.problems = _problems(result)
        rows.append(row)
    return rows


@dataclass
class AgencyRow:
    agency: Agency
    files: int = 0  # files with a final result
    sampled: int = 0
    mean_points: Decimal | None = None
    excellent: int = 0
    passed: int = 0  # 合格 (not 优秀)
    failed: int = 0
    excellent_rate: Decimal | None = None  # 优秀率, 0..1
    pass_rate: Decimal | None = None  # 合格率 (优秀 and 合格), 0..1


def _ratio(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def agency_summary(campaign: Campaign) -> list[AgencyRow]:
    by_agency: dict[int, AgencyRow] = {}
    totals: dict[int, Decimal] = {}
    for row in file_results(campaign):
        summary = by_agency.setdefault(row.agency.pk, AgencyRow(agency=row.agency))
        summary.sampled += 1
        if row.points is None:
            continue
        summary.files += 1
        totals[row.agency.pk] = totals.get(row.agency.pk, Decimal(0)) + row.points
        if row.grade == Grade.EXCELLENT:
            summary.excellent += 1
        elif row.grade == Grade.PASSED:
            summary.passed += 1
        else:
            summary.failed += 1
    for pk, summary in by_agency.items():
        if summary.files:
            summary.mean_points = (totals[pk] / summary.files).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            summary.excellent_rate = _ratio(summary.excellent, summary.files)
            summary.pass_rate = _ratio(summary.excellent + summary.passed, summary.files)
    return sorted(by_agency.values(), key=lambda r: r.agency.code)
