"""Annual enforcement data reports under /api/v1/annual-reports/: published reports are
public (no token); staff (session or bearer token) also read their own agency's (and
supervised agencies') reports in any state."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from openenforce.accounts.permissions import visible_agency_ids
from openenforce.accounts.services import user_for_token
from openenforce.annualreports import permissions as perms
from openenforce.annualreports.models import AnnualReport
from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import NotFound

router = Router(tags=["annual reports"])


class ReportOut(Schema):
    id: int
    agency: str = Field(..., description="The agency's code.")
    agency_name: str
    year: int
    status: str
    due_on: datetime.date
    digest: str = Field(..., description="SHA-256 of the tables' canonical JSON.")
    published_at: datetime.datetime | None


class ReportDetailOut(ReportOut):
    narrative: str
    tables: dict = Field(
        ...,
        description="Per table, per unit code (and 'total'): per column {value, count, "
        "digest}: the figure, how many cases (officers, for the certificates) make it and "
        "the SHA-256 of their ids (ascending, comma-separated); a report stored before "
        "version 2 has {value, ids}. A null row means the unit holds no such power "
        "(无相关职责).",
    )
    units: list[dict]


class ListQuery(Schema):
    agency: str = Field("", max_length=40, description="An agency's code.")
    year: int | None = Field(None, ge=2000, le=2999)


def _reader(request: HttpRequest):
    """The staff member behind the request, if any: the session's, or a bearer token's
    (the operations are public, so no authentication runs before them)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip())
    return None


def _visible(request: HttpRequest):
    published = Q(status=AnnualReport.Status.PUBLISHED)
    user = _reader(request)
    if user is None:
        return AnnualReport.objects.filter(published)
    if not (user.is_superuser or user.has_role(*perms.READERS)):
        return AnnualReport.objects.filter(published)
    ids = visible_agency_ids(user)
    mine = Q() if ids is None else Q(agency_id__in=ids)
    return AnnualReport.objects.filter(published | mine)


def _out(report: AnnualReport) -> dict:
    return {
        "id": report.pk,
        "agency": report.agency.code,
        "agency_name": report.agency.name,
        "year": report.year,
        "status": report.status,
        "due_on": report.due_on,
        "digest": report.digest,
        "published_at": report.published_at,
    }


@router.get(
    "/",
    response={200: list[ReportOut], **ERRORS},
    auth=None,
    operation_id="annual_reports_list",
)
def list_reports(request: HttpRequest, params: Query[ListQuery]):
    """Published reports (and, for staff, their agencies' reports in any state)."""
    reports = _visible(request).select_related("agency").order_by("agency__code", "-year")
    if params.agency:
        reports = reports.filter(agency__code=params.agency)
    if params.year:
        reports = reports.filter(year=params.year)
    return [_out(r) for r in reports[:500]]


@router.get(
    "/{int:report_id}",
    response={200: ReportDetailOut, **ERRORS},
    auth=None,
    operation_id="annual_reports_detail",
)
def get_report(request: HttpRequest, report_id: int):
    report = _visible(request).select_related("agency").filter(pk=report_id).first()
    if report is None:
        raise NotFound("Not found.", code="not_found")
    return {
        **_out(report),
        "narrative": report.narrative,
        "tables": report.data.get("tables", {}),
        "units": report.data.get("units", []),
    }
