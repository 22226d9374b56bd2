"""REST endpoints for cases: list, open, read with the actions available now, act.

Reading follows the agency scope (404 for another agency's case); opening and acting
go through ``cases.services`` and the engine, whose refusals answer 403/409/422 with a
stable code and the Chinese message naming the rule and its article.
"""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Q, prefetch_related_objects
from django.http import HttpRequest
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from openenforce.accounts.permissions import get_for_user
from openenforce.cases import engine, lifecycles, services
from openenforce.cases.articles import cite
from openenforce.cases.models import Case
from openenforce.cases.permissions import cases_for_user, get_case_for_user
from openenforce.catalog.models import Matter
from openenforce.core.api_schemas import ERRORS
from openenforce.core.pagination import Mapped, PageNumber

router = Router(tags=["cases"])


class PartyIn(Schema):
    kind: Literal["person", "organisation"]
    name: str = Field(..., min_length=1, max_length=200)
    id_type: str = Field("", max_length=20)
    id_number: str = Field("", max_length=40)
    credit_code: str = Field("", max_length=18)
    legal_representative: str = Field("", max_length=50)
    phone: str = Field("", max_length=50)
    address: str = Field("", max_length=200)
    is_minor: bool = False


class CaseIn(Schema):
    procedure: Literal[tuple(lifecycles.LIFECYCLES)]  # type: ignore[valid-type]
    matter: str = Field(..., description="Code of the matter in the caller's agency.")
    title: str = Field(..., min_length=1, max_length=200)
    source: Literal[tuple(Case.Source.values)]  # type: ignore[valid-type]
    source_detail: str = Field("", max_length=2000)
    facts: str = Field("", max_length=20000)
    parties: list[PartyIn] = []
    handlers: list[str] = Field([], description="Officer codes; the first leads.")


class PartyOut(Schema):
    id: int
    kind: str
    name: str
    id_type: str
    id_number: str
    credit_code: str
    legal_representative: str
    phone: str
    address: str
    is_minor: bool


class HandlerOut(Schema):
    officer: str = Field(..., description="Officer code.")
    name: str
    role: str
    assigned_on: datetime.date
    released_on: datetime.date | None
    recused: bool


class DeadlineOut(Schema):
    kind: str
    rule: str
    article: str
    start: datetime.date
    days: int
    unit: str
    extension_days: int
    suspended_days: int
    due: datetime.date
    due_at: datetime.datetime | None = Field(
        None, description="The exact moment, for a period counted in hours (行政强制法 Art 19)."
    )
    status: str
    suspended_since: datetime.date | None = Field(
        None, description="The clock is stopped since this day (行政处罚法 Art 60)."
    )
    met_on: datetime.date | None
    provisional: bool
    overdue: bool
    explanation: list[str]


class OfferOut(Schema):
    code: str
    label: str
    article: str
    inputs: list[dict[str, Any]]
    targets: list[str]
    allowed: bool
    reasons: list[str]
    articles: list[str]


class CaseOut(Schema):
    id: int
    agency: str
    number: str
    procedure: str
    category: str
    matter: str
    title: str
    state: str
    state_label: str
    source: str
    opened_on: datetime.date
    filed_on: datetime.date | None
    decided_on: datetime.date | None
    closed_on: datetime.date | None
    outcome: str


class CaseDetailOut(CaseOut):
    facts: str
    decision_text: str
    proposed_penalty_kinds: list[str]
    proposed_fine: Decimal | None
    proposed_confiscation: Decimal | None
    is_complex: bool
    hearing_requested: bool
    hearing_held: bool
    defence_waived: bool
    prior_notice_served_on: datetime.date | None
    mitigated: bool = Field(..., description="Penalty mitigated (减轻处罚, Art 32).")
    amount_forgone: Decimal | None = Field(
        ..., description="Fine forgone by mitigation or by 不予处罚 (yuan)."
    )
    confiscation_value_determined: bool
    judiciary_accepted_on: datetime.date | None
    inspection_record_complete: bool
    counted_inspection: bool = Field(..., description="Counts as one inspection.")
    parent_case: int | None
    parties: list[PartyOut]
    handlers: list[HandlerOut]
    deadlines: list[DeadlineOut]
    available_actions: list[OfferOut]


class CaseFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Search number and title.")
    state: str | None = Field(None, max_length=40)
    procedure: str | None = Field(None, max_length=40)
    category: str | None = Field(None, max_length=20)
    open: bool | None = Field(None, description="Only open (true) or closed (false) cases.")
    overdue: bool = Field(False, description="Only cases with an overdue deadline.")
    mine: bool = Field(False, description="Only cases the caller handles.")


def _state_label(case: Case) -> str:
    lifecycle = lifecycles.get(case.procedure)
    if lifecycle is None or not lifecycle.has_state(case.state):
        return case.state
    return str(lifecycle.state(case.state).label)


def _summary(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "agency": case.agency.code,
        "number": case.number,
        "procedure": case.procedure,
        "category": case.category,
        "matter": case.matter.code,
        "title": case.title,
        "state": case.state,
        "state_label": _state_label(case),
        "source": case.source,
        "opened_on": case.opened_on,
        "filed_on": case.filed_on,
        "decided_on": case.decided_on,
        "closed_on": case.closed_on,
        "outcome": case.outcome,
    }


def _deadline(deadline) -> dict[str, Any]:
    fields = (
        "kind",
        "rule",
        "article",
        "start",
        "days",
        "unit",
        "extension_days",
        "suspended_days",
        "due",
        "due_at",
        "status",
        "suspended_since",
        "met_on",
        "provisional",
        "explanation",
    )
    data = {name: getattr(deadline, name) for name in fields}
    data["article"] = cite(deadline.article)  # as the offers and refusals cite it
    data["overdue"] = deadline.is_overdue()  # now: an hour-based period ends mid-day
    return data


def _handler(handler) -> dict[str, Any]:
    return {
        "officer": handler.officer.code,
        "name": handler.officer.name,
        "role": handler.role,
        "assigned_on": handler.assigned_on,
        "released_on": handler.released_on,
        "recused": handler.recused,
    }


def detail(case: Case, user) -> dict[str, Any]:
    """The case as the API shows it, with the actions ``user`` may take now."""
    data = _summary(case)
    data.update(
        {
            name: getattr(case, name)
            for name in (
                "facts",
                "decision_text",
                "proposed_penalty_kinds",
                "proposed_fine",
                "proposed_confiscation",
                "is_complex",
                "hearing_requested",
                "hearing_held",
                "defence_waived",
                "prior_notice_served_on",
                "mitigated",
                "amount_forgone",
                "confiscation_value_determined",
                "judiciary_accepted_on",
                "inspection_record_complete",
                "counted_inspection",
            )
        }
    )
    data["parent_case"] = case.parent_case_id
    data["parties"] = list(case.parties.values(*PartyOut.model_fields))
    data["handlers"] = [_handler(h) for h in case.handlers.select_related("officer")]
    prefetch_related_objects([case], "suspensions")  # for each deadline's suspended_since
    data["deadlines"] = [_deadline(d) for d in case.deadlines.all()]
    data["available_actions"] = [o.as_dict() for o in engine.available_actions(case, user)]
    return data


def _filtered(rows, filters: CaseFilters, user):
    for name in ("state", "procedure", "category"):
        value = getattr(filters, name)
        if value:
            rows = rows.filter(**{name: value})
    if filters.open is not None:
        rows = rows.open() if filters.open else rows.closed()
    if filters.overdue:
        rows = rows.overdue()
    if filters.mine:
        rows = rows.handled_by(user)
    if filters.q:
        rows = rows.filter(Q(number__icontains=filters.q) | Q(title__icontains=filters.q))
    return rows


@router.get("", response={200: list[CaseOut], **ERRORS}, operation_id="list_cases")
@paginate(PageNumber)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]):
    """The cases the caller may read, newest first, filtered and paged."""
    rows = _filtered(cases_for_user(request.auth), filters, request.auth)
    rows = rows.select_related("agency", "matter").order_by("-opened_on", "-id")
    return Mapped(rows, _summary)


@router.post("", response={201: CaseDetailOut, **ERRORS}, operation_id="open_case")
def open_case(request: HttpRequest, payload: CaseIn):
    """Open a case (a lead, an application, a task) in the caller's agency."""
    user = request.auth
    matters = Matter.objects.filter(agency_id=user.agency_id)
    matter = get_for_user(matters, user, code=payload.matter)
    case = services.file_case(
        actor=user,
        procedure=payload.procedure,
        matter=matter,
        title=payload.title,
        source=payload.source,
        source_detail=payload.source_detail,
        facts=payload.facts,
        parties=[p.model_dump() for p in payload.parties],
        handlers=payload.handlers,
    )
    return Status(201, detail(case, user))


@router.get("{int:case_id}", response={200: CaseDetailOut, **ERRORS}, operation_id="get_case")
def get_case(request: HttpRequest, case_id: int):
    """One case with its parties, handlers, deadlines and the actions available now."""
    return detail(get_case_for_user(request.auth, case_id), request.auth)


@router.post(
    "{int:case_id}/actions/{action}",
    response={200: CaseDetailOut, **ERRORS},
    operation_id="perform_case_action",
)
def perform_case_action(
    request: HttpRequest, case_id: int, action: str, data: Body[dict[str, Any]]
):
    """Take ``action`` with the inputs its schema (``available_actions[].inputs``) asks for."""
    case = get_case_for_user(request.auth, case_id)
    case = engine.perform_action(case, action, actor=request.auth, data=data)
    return detail(get_case_for_user(request.auth, case.pk), request.auth)


class JudiciaryAcceptanceIn(Schema):
    accepted_on: datetime.date = Field(..., description="The day the judiciary accepted it.")


@router.post(
    "{int:case_id}/judiciary-acceptance",
    response={200: CaseDetailOut, **ERRORS},
    operation_id="record_judiciary_acceptance",
)
def record_judiciary_acceptance(request: HttpRequest, case_id: int, payload: JudiciaryAcceptanceIn):
    """Record the day the judiciary accepted a case transferred to it (移送司法机关)."""
    case = get_case_for_user(request.auth, case_id)
    services.record_judiciary_acceptance(case, actor=request.auth, accepted_on=payload.accepted_on)
    return detail(get_case_for_user(request.auth, case.pk), request.auth)
