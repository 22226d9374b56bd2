"""The public open-data API (mounted at /api/v1/public/): every public list as paginated,
filterable JSON. No login or token (``auth=None``); the same rows as the portal's pages and
downloads (``openenforce.portal.opendata``)."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import NotFound
from openenforce.core.params import BIGINT_MAX, Id
from openenforce.disclosure.selectors import get_public_item
from openenforce.portal import opendata, selectors
from openenforce.portal.caching import kept_for_a_while

router = Router(tags=["public"])


class PublicQuery(Schema):
    q: str = Field("", max_length=100, description="Keyword (name, number or full text).")
    agency: Id | None = Field(None, description="Agency id.")
    page: int = Field(1, ge=1, le=BIGINT_MAX)
    per_page: int = Field(selectors.PER_PAGE, ge=1, le=selectors.MAX_PER_PAGE)


class MatterQuery(PublicQuery):
    category: str = Field("", max_length=20, description="Enforcement category code.")


class DecisionQuery(MatterQuery):
    kind: str = Field("", max_length=20, description="penalty, licensing, other, inspection.")
    matter: Id | None = Field(None, description="Matter id.")
    date_from: datetime.date | None = Field(None, description="Published on or after.")
    date_to: datetime.date | None = Field(None, description="Published on or before.")


class PublicAgencyOut(Schema):
    id: int
    code: str
    name: str
    legal_status: str
    level: str
    credit_code: str
    duties: str
    head: str
    complaint_phone: str
    address: str
    website: str
    remedy_channels: str


class OfficerOut(Schema):
    name: str
    agency: str
    agency_id: int
    certificate_number: str
    issuing_authority: str
    fields: str
    area: str
    valid_from: str
    valid_to: str
    status: str
    status_label: str


class MatterOut(Schema):
    id: int
    code: str
    name: str
    category: str
    category_label: str
    agency: str
    agency_id: int
    field: str
    handling_unit: str
    legal_basis: str
    time_limit_days: int | None
    time_limit_kind: str


class InspectionItemOut(Schema):
    code: str
    item: str
    sub_item: str
    agency: str
    agency_id: int
    inspecting_body: str
    basis: str
    target_type: str
    ratio_percent: str
    frequency: str
    method: str


class PublicRecordingOut(Schema):
    code: str
    step: str
    matter: str
    agency: str
    agency_id: int
    content: str
    occasion: str
    recorder: str
    kind: str


class ReviewEntryOut(Schema):
    code: str
    name: str
    category: str
    matter: str
    agency: str
    agency_id: int
    ground: str
    thresholds: str
    basis: str


class DecisionOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    category: str
    agency: str
    agency_id: int
    matter: str
    matter_id: int | None
    document_number: str
    decided_on: str
    published_on: str
    withdrawn: bool
    withdrawn_on: str
    withdrawal_reason: str
    text: str


def _page_schema(name: str, item: type[Schema]) -> type[Schema]:
    return type(
        name,
        (Schema,),
        {"__annotations__": {"count": int, "page": int, "pages": int, "items": list[item]}},
    )


AgencyPage = _page_schema("AgencyPage", PublicAgencyOut)
OfficerPage = _page_schema("OfficerPage", OfficerOut)
MatterPage = _page_schema("MatterPage", MatterOut)
InspectionItemPage = _page_schema("InspectionItemPage", InspectionItemOut)
RecordingPage = _page_schema("RecordingPage", PublicRecordingOut)
ReviewEntryPage = _page_schema("ReviewEntryPage", ReviewEntryOut)
DecisionPage = _page_schema("DecisionPage", DecisionOut)


def _params(filters: Schema) -> opendata.Params:
    get = getattr
    return opendata.Params(
        q=filters.q.strip(),
        agency=filters.agency,
        category=get(filters, "category", ""),
        kind=get(filters, "kind", ""),
        matter=get(filters, "matter", None),
        date_from=get(filters, "date_from", None),
        date_to=get(filters, "date_to", None),
    )


def _list(name: str, filters: Schema) -> dict:
    rows = opendata.DATASETS[name].rows(_params(filters))
    return opendata.page_of(rows, page=filters.page, per_page=filters.per_page)


@router.get(
    "/agencies", response={200: AgencyPage, **ERRORS}, auth=None, operation_id="public_agencies"
)
@decorate_view(kept_for_a_while)
def agencies(request: HttpRequest, filters: Query[PublicQuery]):
    """Enforcement bodies: duties and powers, head, complaint phone, remedy channels."""
    return _list("agencies", filters)


@router.get(
    "/officers", response={200: OfficerPage, **ERRORS}, auth=None, operation_id="public_officers"
)
@decorate_view(kept_for_a_while)
def officers(request: HttpRequest, filters: Query[PublicQuery]):
    """The officer directory, one row per certificate; ``q`` matches name or number."""
    return _list("officers", filters)


@router.get(
    "/matters", response={200: MatterPage, **ERRORS}, auth=None, operation_id="public_matters"
)
@decorate_view(kept_for_a_while)
def matters(request: HttpRequest, filters: Query[MatterQuery]):
    """The enforcement matters list."""
    return _list("matters", filters)


@router.get(
    "/inspection-list",
    response={200: InspectionItemPage, **ERRORS},
    auth=None,
    operation_id="public_inspection_list",
)
@decorate_view(kept_for_a_while)
def inspection_list(request: HttpRequest, filters: Query[PublicQuery]):
    """The random-inspection list."""
    return _list("inspection-list", filters)


@router.get(
    "/recording-list",
    response={200: RecordingPage, **ERRORS},
    auth=None,
    operation_id="public_recording_list",
)
@decorate_view(kept_for_a_while)
def recording_list(request: HttpRequest, filters: Query[PublicQuery]):
    """The audio/video recording list."""
    return _list("recording-list", filters)


@router.get(
    "/review-catalogue",
    response={200: ReviewEntryPage, **ERRORS},
    auth=None,
    operation_id="public_review_catalogue",
)
@decorate_view(kept_for_a_while)
def review_catalogue(request: HttpRequest, filters: Query[PublicQuery]):
    """The major-decision legal review catalogue."""
    return _list("review-catalogue", filters)


@router.get(
    "/decisions",
    response={200: DecisionPage, **ERRORS},
    auth=None,
    operation_id="public_decisions",
)
@decorate_view(kept_for_a_while)
def decisions(request: HttpRequest, filters: Query[DecisionQuery]):
    """Published decisions and inspection results, newest first; ``q`` searches the full
    text. Withdrawn items carry only the withdrawal notice and its reason."""
    found = selectors.find_decisions(
        opendata.decision_filters(_params(filters)), page=filters.page, per_page=filters.per_page
    )
    return {
        "count": found.total,
        "page": found.page,
        "pages": found.pages,
        "items": [opendata.decision_row(item) for item in found.items],
    }


@router.get(
    "/decisions/{item_id}",
    response={200: DecisionOut, **ERRORS},
    auth=None,
    operation_id="public_decision",
)
@decorate_view(kept_for_a_while)
def decision(request: HttpRequest, item_id: int):
    """One published item (404 when it is not public)."""
    try:
        return opendata.decision_row(get_public_item(item_id))
    except Http404 as exc:
        raise NotFound(_("No published item has this number."), code="not_found") from exc
