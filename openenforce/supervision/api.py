"""REST endpoint of the indicators: the dashboard's figures for a scope and a period,
scoped like the pages (an agency, department or officer the caller may not read: 404)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import FieldProblem, InvalidInput
from openenforce.core.params import Id
from openenforce.supervision import indicators as ind
from openenforce.supervision.views import MAX_DAYS

router = Router(tags=["supervision"])


class IndicatorFilters(Schema):
    agency: Id | None = Field(None, description="One agency (else every agency readable)")
    department: Id | None = Field(None, description="One department")
    officer: Id | None = Field(None, description="One officer of the directory")
    from_: datetime.date | None = Field(
        None, alias="from", description="First day (default 1 January)"
    )
    to: datetime.date | None = Field(None, description="Last day (default 31 December)")


class ProcedureOut(Schema):
    procedure: str
    filed: int
    closed: int


class StateOut(Schema):
    procedure: str
    state: str
    count: int


class DeadlinesOut(Schema):
    total: int
    on_time: int
    late: int
    overdue: int
    running: int


class DecisionsOut(Schema):
    by_outcome: dict[str, int]
    penalties: int
    by_kind: dict[str, int]
    fines: Decimal
    confiscations: Decimal
    major: int
    mitigated: int
    forgone: Decimal


class RemedyIndicatorsOut(Schema):
    filed: int
    decided: int
    corrected: int
    rate: float | None


class RecordingsOut(Schema):
    made: int = Field(..., description="Recordings made in the period.")
    waived: int = Field(..., description="Reasons for no recording recorded in the period.")
    cases_recorded: int = Field(..., description="Cases filed in the period with a recording.")
    cases_filed: int
    required: int = Field(
        ...,
        description="Case steps taken in the period that the agency's recording list "
        "required a recording of (kept when the step was taken).",
    )
    required_recorded: int = Field(..., description="Of those, with a recording.")
    required_waived: int = Field(
        ..., description="Of those, without a recording but with a recorded reason."
    )
    required_missing: int = Field(..., description="Of those, with neither.")
    missing_rate: float | None = Field(
        ..., description="required_missing as a percentage of required (one decimal)."
    )


class ResultsOut(Schema):
    """The inspection results (检查结果) among the publications falling due."""

    due: int
    on_time: int
    late: int
    overdue: int
    pending: int


class PublicationsOut(Schema):
    due: int
    on_time: int
    late: int
    overdue: int
    pending: int
    withdrawn: int
    corrected: int
    results: ResultsOut


class InspectionsOut(Schema):
    plans: int
    plans_by_status: dict[str, int]
    drawn: int
    done: int
    undone: int
    concluded: int
    counted: int


class RepeatOut(Schema):
    cap: int
    enterprises: int
    over_cap: int
    most: int


class CertificatesOut(Schema):
    day: datetime.date
    officers: int
    certified: int
    rate: float | None


class MonthOut(Schema):
    month: datetime.date
    filed: int
    closed: int
    decided: int
    fines: Decimal


class AgencyIndicatorsOut(Schema):
    agency_id: int
    agency: str
    filed: int
    closed: int
    decided: int
    penalties: int
    fines: Decimal
    overdue: int


class IndicatorsOut(Schema):
    start: datetime.date
    end: datetime.date
    agencies: list[AgencyIndicatorsOut]
    cases: list[ProcedureOut]
    states: list[StateOut]
    deadlines: DeadlinesOut
    decisions: DecisionsOut
    reviews: dict[str, int]
    remedies: dict[str, RemedyIndicatorsOut]
    recordings: RecordingsOut
    publications: PublicationsOut
    inspections: InspectionsOut
    repeat_inspections: RepeatOut
    certificates: CertificatesOut
    monthly: list[MonthOut]


def _period(filters: IndicatorFilters) -> ind.Period:
    year = ind.Period.year(timezone.localdate().year)
    start, end = filters.from_ or year.start, filters.to or year.end
    if end < start or (end - start).days > MAX_DAYS:
        text = _("The period must run forwards and be at most five years.")
        raise InvalidInput(text, code="invalid_input", problems=[FieldProblem("to", text)])
    return ind.Period(start, end)


@router.get(
    "/indicators",
    response={200: IndicatorsOut, **ERRORS},
    operation_id="supervision_indicators",
)
def indicators(request, filters: Query[IndicatorFilters]):
    """The indicators of the caller's agencies (or one agency, department or officer
    among them) for a period (default: the current year); definitions in
    docs/supervision.md."""
    period = _period(filters)
    scope = ind.scope_for(
        request.auth, agency=filters.agency, department=filters.department, officer=filters.officer
    )
    today = timezone.localdate()
    data = ind.dashboard(scope, period, today)
    monthly = data["monthly"]
    return {
        "start": period.start,
        "end": period.end,
        "agencies": data["by_agency"],
        "cases": [{"procedure": p, **c} for p, c in data["cases"].items()],
        "states": data["states"],
        "deadlines": data["deadlines"],
        "decisions": data["decisions"],
        "reviews": data["reviews"],
        "remedies": data["remedies"],
        "recordings": data["recordings"],
        "publications": data["publications"],
        "inspections": data["inspections"],
        "repeat_inspections": data["repeat_inspections"],
        "certificates": data["certificates"],
        "monthly": [
            {
                "month": m,
                "filed": monthly["filed"][i],
                "closed": monthly["closed"][i],
                "decided": monthly["decided"][i],
                "fines": monthly["fines"][i],
            }
            for i, m in enumerate(monthly["months"])
        ],
    }
