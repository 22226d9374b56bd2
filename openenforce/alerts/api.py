"""The warnings part of the REST API (mounted by openenforce.api at /api/v1/alerts/):
the warnings of the agencies the caller may read, one warning, acknowledging and
resolving it (with a reason; only the warning's own agency), and the rules.

Reading follows the agency scope (404 for another agency's warning); the actions go
through ``alerts.services``.
"""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from typing import Any, Literal, cast

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from openenforce.accounts.models import User
from openenforce.alerts import rules, selectors, services
from openenforce.alerts.models import Level, Warning
from openenforce.core.api_schemas import ERRORS
from openenforce.core.pagination import Mapped, PageNumber

router = Router(tags=["alerts"])


class WarningOut(Schema):
    id: int
    rule: str
    rule_name: str
    basis: str
    agency: str
    level: str
    subject_kind: str
    subject_id: str
    subject_label: str
    url: str
    message: str
    raised_on: datetime.date
    status: str
    acknowledged_by: str | None
    acknowledged_at: datetime.datetime | None
    resolved_by: str | None
    resolved_at: datetime.datetime | None
    reason: str


class AgencyParameters(Schema):
    agency: str
    parameters: dict[str, int]


class RuleOut(Schema):
    code: str
    name: str
    level: str
    basis: str
    parameters: dict[str, int]
    active: bool
    agencies: list[AgencyParameters]


class WarningFilters(Schema):
    level: Literal[tuple(Level.values)] | None = None  # type: ignore[valid-type]
    rule: Literal[tuple(rules.BY_CODE)] | None = None  # type: ignore[valid-type]
    status: Literal[("unresolved", "all", *Warning.Status.values)] = Field(  # type: ignore[valid-type]
        "unresolved", description="unresolved: open or acknowledged."
    )
    agency: int | None = Field(None, description="An agency's id.")


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


def _caller(request: HttpRequest) -> User:
    return cast(User, request.auth)  # type: ignore[attr-defined]


def _user(user) -> str | None:
    return user.username if user is not None else None


def _out(w: Warning) -> dict[str, Any]:
    return {
        "id": w.pk,
        "rule": w.rule.code,
        "rule_name": w.rule.label,
        "basis": w.rule.basis,
        "agency": w.agency.code,
        "level": w.level,
        "subject_kind": w.subject_kind,
        "subject_id": w.subject_id,
        "subject_label": w.subject_label,
        "url": w.url,
        "message": w.text,
        "raised_on": w.raised_on,
        "status": w.status,
        "acknowledged_by": _user(w.acknowledged_by),
        "acknowledged_at": w.acknowledged_at,
        "resolved_by": _user(w.resolved_by),
        "resolved_at": w.resolved_at,
        "reason": w.reason,
    }


def _rows(request: HttpRequest):
    return selectors.warnings_for_user(_caller(request)).select_related(
        "acknowledged_by", "resolved_by"
    )


@router.get("warnings", response={200: list[WarningOut], **ERRORS}, operation_id="list_warnings")
@paginate(PageNumber)
def list_warnings(request: HttpRequest, filters: Query[WarningFilters]):
    """The warnings of the agencies the caller may read, newest first (unresolved by
    default)."""
    rows = selectors.filtered(_rows(request), filters.dict())
    return Mapped(rows.order_by("-raised_on", "-id"), _out)


@router.get("warnings/{int:pk}", response={200: WarningOut, **ERRORS}, operation_id="get_warning")
def get_warning(request: HttpRequest, pk: int):
    """One warning, with its rule's basis and a link to its subject."""
    return _out(selectors.get_warning_for_user(_caller(request), pk))


@router.post(
    "warnings/{int:pk}/acknowledge",
    response={200: WarningOut, **ERRORS},
    operation_id="acknowledge_warning",
)
def acknowledge_warning(request: HttpRequest, pk: int, payload: ReasonIn):
    """Acknowledge an open warning, saying how it is being dealt with."""
    warning = selectors.get_warning_for_user(_caller(request), pk)
    return _out(services.acknowledge(warning, actor=_caller(request), reason=payload.reason))


@router.post(
    "warnings/{int:pk}/resolve",
    response={200: WarningOut, **ERRORS},
    operation_id="resolve_warning",
)
def resolve_warning(request: HttpRequest, pk: int, payload: ReasonIn):
    """Resolve a warning with the reason (raised again by the next evaluation if its
    condition still holds)."""
    warning = selectors.get_warning_for_user(_caller(request), pk)
    return _out(services.resolve(warning, actor=_caller(request), reason=payload.reason))


@router.get("rules", response={200: list[RuleOut], **ERRORS}, operation_id="list_warning_rules")
def list_rules(request: HttpRequest):
    """The warning rules: level, basis, parameters, and the stricter parameters of the
    agencies the caller may read."""
    return [
        {
            "code": rule.code,
            "name": rule.name,
            "level": rule.level,
            "basis": rule.basis,
            "parameters": rule.parameters,
            "active": rule.active,
            "agencies": [
                {"agency": row.agency.code if row.agency else "", "parameters": row.parameters}
                for row in own
            ],
        }
        for rule, own in selectors.rules_for_user(_caller(request))
    ]
