"""The remedies part of the REST API (mounted at /api/v1/remedies/ by openenforce.api).

Reconsideration and litigation against a case's decision, and their outcomes.
Refusals answer 403/404/409/422 with a stable code (``core.api_schemas.ERRORS``).
"""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from openenforce.accounts.models import User
from openenforce.cases.permissions import get_case_for_user
from openenforce.core.api_schemas import ERRORS
from openenforce.remedies import selectors, services
from openenforce.remedies.models import Remedy

router = Router(tags=["remedies"])


def _caller(request: HttpRequest) -> User:
    """The authenticated user (django-ninja sets ``request.auth``)."""
    user: User = getattr(request, "auth")  # noqa: B009  (an attribute the stubs do not know)
    return user


KINDS = tuple(Remedy.Kind.values)
INSTANCES = tuple(Remedy.Instance.values)
RESULTS = tuple(v for v in Remedy.Result.values if v)


class RemedyIn(Schema):
    kind: Literal[KINDS]  # type: ignore[valid-type]
    body: str = Field(..., max_length=200, description="The reconsideration body or court.")
    filed_on: datetime.date
    instance: Literal[INSTANCES] | None = Field(  # type: ignore[valid-type]
        None, description="Litigation only: first (the default) or second instance."
    )


class OutcomeIn(Schema):
    result: Literal[RESULTS]  # type: ignore[valid-type]
    decided_on: datetime.date
    note: str = Field("", max_length=20000)


class RemedyOut(Schema):
    id: int
    case: int
    case_number: str
    agency: str
    kind: str
    instance: str
    body: str
    filed_on: datetime.date
    decided_on: datetime.date | None
    result: str = Field(..., description='"" while pending.')
    corrects: bool = Field(
        ..., description="The outcome corrects the agency (复议纠错 / 诉讼败诉)."
    )
    note: str


class RemedyFilters(Schema):
    kind: Literal[KINDS] | None = None  # type: ignore[valid-type]
    decided: bool | None = Field(None, description="Only decided (true) or pending (false).")


def _out(remedy: Remedy) -> dict:
    return {
        "id": remedy.pk,
        "case": remedy.case_id,
        "case_number": remedy.case.number,
        "agency": remedy.case.agency.code,
        "kind": remedy.kind,
        "instance": remedy.instance,
        "body": remedy.body,
        "filed_on": remedy.filed_on,
        "decided_on": remedy.decided_on,
        "result": remedy.result,
        "corrects": remedy.corrects,
        "note": remedy.note,
    }


@router.get("", response={200: list[RemedyOut], **ERRORS}, operation_id="list_remedies")
def list_remedies(request: HttpRequest, filters: Query[RemedyFilters]):
    """The remedies of the cases the caller may read, newest filed first."""
    rows = selectors.remedies_for_user(_caller(request)).select_related("case__agency")
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.decided is not None:
        rows = rows.exclude(result="") if filters.decided else rows.filter(result="")
    return [_out(r) for r in rows.order_by("-filed_on", "-pk")[:1000]]


@router.get(
    "cases/{int:case_id}",
    response={200: list[RemedyOut], **ERRORS},
    operation_id="list_case_remedies",
)
def list_case_remedies(request: HttpRequest, case_id: int):
    """The reconsiderations and litigation against one case's decision."""
    case = get_case_for_user(_caller(request), case_id)
    return [_out(r) for r in selectors.remedies_for_case(case).select_related("case__agency")]


@router.post(
    "cases/{int:case_id}",
    response={201: RemedyOut, **ERRORS},
    operation_id="register_remedy",
)
def register_remedy(request: HttpRequest, case_id: int, payload: RemedyIn):
    """Register a reconsideration or a litigation against the case's decision."""
    case = get_case_for_user(_caller(request), case_id)
    remedy = services.register_remedy(
        case,
        actor=_caller(request),
        kind=payload.kind,
        body=payload.body,
        filed_on=payload.filed_on,
        instance=payload.instance or "",
    )
    return Status(201, _out(selectors.get_remedy_for_user(_caller(request), remedy.pk)))


@router.get("{int:remedy_id}", response={200: RemedyOut, **ERRORS}, operation_id="get_remedy")
def get_remedy(request: HttpRequest, remedy_id: int):
    return _out(selectors.get_remedy_for_user(_caller(request), remedy_id))


@router.post(
    "{int:remedy_id}/outcome",
    response={200: RemedyOut, **ERRORS},
    operation_id="record_remedy_outcome",
)
def record_remedy_outcome(request: HttpRequest, remedy_id: int, payload: OutcomeIn):
    """Record the reconsideration decision or the judgment (once)."""
    remedy = selectors.get_remedy_for_user(_caller(request), remedy_id)
    services.record_remedy_outcome(
        remedy,
        actor=_caller(request),
        result=payload.result,
        decided_on=payload.decided_on,
        note=payload.note,
    )
    return _out(selectors.get_remedy_for_user(_caller(request), remedy_id))
