"""Rubrics under /api/v1/evaluation/ (read only): the rubrics the caller may read, each
with the version in force (or, for the supervising body's own staff, the latest draft),
and one rubric version with its items. Scoped like the pages (another body's: 404)."""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from openenforce.accounts.models import User
from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import NotFound
from openenforce.core.pagination import Mapped, PageNumber
from openenforce.core.params import Id
from openenforce.evaluation import checks
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import Rubric, RubricVersion

router = Router(tags=["evaluation"])


class VersionOut(Schema):
    id: int
    number: int
    status: str
    title: str
    total_points: Decimal
    excellent_from: Decimal
    passed_from: Decimal
    digest: str
    published_at: datetime.datetime | None


class RubricOut(Schema):
    id: int
    agency: str
    code: str
    procedure: str
    current: VersionOut | None


class ItemOut(Schema):
    code: str
    kind: str
    group: str
    title: str
    points: Decimal
    deduction: str
    deduct_each: Decimal | None
    source: str
    proposal: bool
    check_key: str
    check: str


class VersionDetailOut(VersionOut):
    rubric: str
    procedure: str
    description: str
    items: list[ItemOut]


def _caller(request: HttpRequest) -> User:
    return cast(User, request.auth)  # type: ignore[attr-defined]


def _version(v: RubricVersion | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "id": v.pk,
        "number": v.number,
        "status": v.status,
        "title": v.title,
        "total_points": v.total_points,
        "excellent_from": v.excellent_from,
        "passed_from": v.passed_from,
        "digest": v.digest,
        "published_at": v.published_at,
    }


def _rubric(r: Rubric) -> dict[str, Any]:
    return {
        "id": r.pk,
        "agency": r.agency.code,
        "code": r.code,
        "procedure": r.procedure,
        "current": _version(r.current()),
    }


@router.get("rubrics", response={200: list[RubricOut], **ERRORS}, operation_id="list_rubrics")
@paginate(PageNumber)
def list_rubrics(request: HttpRequest):
    """The rubrics the caller may read, with the version in force (null: none yet)."""
    rows = perms.readable_rubrics(_caller(request)).select_related("agency")
    return Mapped(rows.order_by("agency__code", "code"), _rubric)


@router.get(
    "rubric-versions/{version_id}",
    response={200: VersionDetailOut, **ERRORS},
    operation_id="get_rubric_version",
)
def get_rubric_version(request: HttpRequest, version_id: Id):
    """One rubric version with its items, in order."""
    version = (
        perms.readable_versions(_caller(request))
        .select_related("rubric")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise NotFound(_("No such rubric version."), code="not_found")
    items = [
        {
            **{f: getattr(i, f) for f in ItemOut.model_fields if f != "check"},
            "check": checks.label(i.check_key) if i.check_key else "",
        }
        for i in version.items.order_by("position")
    ]
    return {
        **(_version(version) or {}),
        "rubric": version.rubric.code,
        "procedure": version.rubric.procedure,
        "description": version.description,
        "items": items,
    }
