"""The yearly appraisal under /api/v1/appraisal/ (token or session):

- the schemes of the caller's supervising body (its supervisors), one scheme with its
  parts and indicators, and its scorecards;
- one scorecard: for the body's supervisors, any of their schemes'; for the appraised
  agency's staff, their own agency's confirmed scorecards only;
- publishing a draft scheme and computing the scorecards (the services of the pages).

Scoped like the pages: another body's scheme or another agency's scorecard answers 404."""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from openenforce.accounts.models import User
from openenforce.appraisal import permissions as perms
from openenforce.appraisal import present, services
from openenforce.appraisal.models import Indicator, Scheme, Scorecard
from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import NotFound
from openenforce.core.pagination import Mapped, PageNumber
from openenforce.core.params import Id

router = Router(tags=["appraisal"])


class AppraisalSchemeOut(Schema):
    id: int
    supervising_body: str
    year: int
    title: str
    status: str
    max_bonus: Decimal
    published_at: datetime.datetime | None


class AppraisalPartOut(Schema):
    code: str
    title: str
    weight: int


class AppraisalIndicatorOut(Schema):
    position: int
    part: str
    key: str
    title: str
    points: Decimal
    rule: dict[str, Any]
    basis: str
    proposal: bool


class AppraisalSchemeDetailOut(AppraisalSchemeOut):
    basis: str
    parts: list[AppraisalPartOut]
    indicators: list[AppraisalIndicatorOut]


class AppraisalScorecardOut(Schema):
    id: int
    scheme_id: int
    year: int
    supervising_body: str
    agency: str
    status: str
    total: Decimal
    part_points: dict[str, Decimal | None]
    digest: str
    computed_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None


class AppraisalValueOut(Schema):
    key: str
    title: str
    part: str
    points: Decimal
    value: float | None
    count: int | None
    digest: str
    status: str
    earned: Decimal | None
    reason: str


class AppraisalAdjustmentOut(Schema):
    points: Decimal
    reason: str


class AppraisalScorecardDetailOut(AppraisalScorecardOut):
    values: list[AppraisalValueOut]
    adjustments: list[AppraisalAdjustmentOut]


def _caller(request: HttpRequest) -> User:
    return cast(User, request.auth)  # type: ignore[attr-defined]


def _scheme_out(s: Scheme) -> dict[str, Any]:
    return {
        "id": s.pk,
        "supervising_body": s.agency.code,
        "year": s.year,
        "title": s.title,
        "status": s.status,
        "max_bonus": s.max_bonus,
        "published_at": s.published_at,
    }


def _indicator_out(i: Indicator) -> dict[str, Any]:
    return {f: getattr(i, f) for f in AppraisalIndicatorOut.model_fields}


def _card_out(c: Scorecard) -> dict[str, Any]:
    return {
        "id": c.pk,
        "scheme_id": c.scheme_id,
        "year": c.scheme.year,
        "supervising_body": c.scheme.agency.code,
        "agency": c.agency.code,
        "status": c.status,
        "total": c.total,
        "part_points": {
            k: (Decimal(v) if v is not None else None) for k, v in c.part_points.items()
        },
        "digest": c.digest,
        "computed_at": c.computed_at,
        "confirmed_at": c.confirmed_at,
    }


def _number(value) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _managed_scheme(request: HttpRequest, scheme_id: int) -> Scheme:
    found = (
        perms.managed_schemes(_caller(request))
        .select_related("agency")
        .filter(pk=scheme_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such appraisal scheme."), code="not_found")
    return found


@router.get(
    "schemes",
    response={200: list[AppraisalSchemeOut], **ERRORS},
    operation_id="list_appraisal_schemes",
)
@paginate(PageNumber)
def list_schemes(request: HttpRequest):
    """The schemes of the caller's supervising body (its supervisors), newest year first;
    empty for anyone else."""
    rows = perms.managed_schemes(_caller(request)).select_related("agency")
    return Mapped(rows.order_by("-year", "agency__code", "pk"), _scheme_out)


@router.get(
    "schemes/{scheme_id}",
    response={200: AppraisalSchemeDetailOut, **ERRORS},
    operation_id="get_appraisal_scheme",
)
def get_scheme(request: HttpRequest, scheme_id: Id):
    """One scheme: its parts with their weights, and its indicators in order with their
    points, rules and sources."""
    scheme = _managed_scheme(request, scheme_id)
    return {
        **_scheme_out(scheme),
        "basis": scheme.basis,
        "parts": [
            {"code": p["code"], "title": p["title"], "weight": p["weight"]}
            for p in present.parts(scheme)
        ],
        "indicators": [_indicator_out(i) for i in scheme.indicators.order_by("position")],
    }


@router.get(
    "schemes/{scheme_id}/scorecards",
    response={200: list[AppraisalScorecardOut], **ERRORS},
    operation_id="list_appraisal_scorecards",
)
@paginate(PageNumber)
def list_scorecards(request: HttpRequest, scheme_id: Id):
    """The scheme's scorecards (draft and confirmed), by agency code."""
    scheme = _managed_scheme(request, scheme_id)
    rows = scheme.scorecards.select_related("scheme__agency", "agency")
    return Mapped(rows.order_by("agency__code", "pk"), _card_out)


@router.get(
    "scorecards/{scorecard_id}",
    response={200: AppraisalScorecardDetailOut, **ERRORS},
    operation_id="get_appraisal_scorecard",
)
def get_scorecard(request: HttpRequest, scorecard_id: Id):
    """One scorecard with each indicator's value, count, digest, status (``ok``,
    ``none``: nothing to measure, ``missing``: no data) and points earned, and the
    bonus and deductions with their reasons. The appraised agency's staff read only
    their own confirmed scorecards."""
    card = (
        perms.readable_scorecards(_caller(request))
        .select_related("scheme__agency", "agency")
        .filter(pk=scorecard_id)
        .first()
    )
    if card is None:
        raise NotFound(_("No such scorecard."), code="not_found")
    values = []
    for i in card.scheme.indicators.order_by("position"):
        row = card.values.get(i.key) or {}
        entered = card.manual.get(i.key) or {}
        earned = row.get("earned")
        values.append(
            {
                "key": i.key,
                "title": i.title,
                "part": i.part,
                "points": i.points,
                "value": _number(row.get("value")),
                "count": row.get("count"),
                "digest": row.get("digest") or "",
                "status": row.get("status") or "missing",
                "earned": Decimal(earned) if earned is not None else None,
                "reason": entered.get("reason", ""),
            }
        )
    return {
        **_card_out(card),
        "values": values,
        "adjustments": [
            {"points": Decimal(a["points"]), "reason": a["reason"]} for a in card.adjustments
        ],
    }


@router.post(
    "schemes/{scheme_id}/publish",
    response={200: AppraisalSchemeOut, **ERRORS},
    operation_id="publish_appraisal_scheme",
)
def publish_scheme(request: HttpRequest, scheme_id: Id):
    """Publish a draft scheme (409 when published already): it is fixed from then on."""
    scheme = _managed_scheme(request, scheme_id)
    return _scheme_out(services.publish_scheme(scheme, actor=_caller(request)))


@router.post(
    "schemes/{scheme_id}/compute",
    response={200: list[AppraisalScorecardOut], **ERRORS},
    operation_id="compute_appraisal_scorecards",
)
def compute_scorecards(request: HttpRequest, scheme_id: Id):
    """Compute (or recompute) the draft scorecard of every agency the body supervises
    from the record; confirmed ones stay as they are. 409 for a draft scheme."""
    scheme = _managed_scheme(request, scheme_id)
    cards = services.compute_scorecards(scheme, actor=_caller(request))
    return [_card_out(c) for c in cards]
