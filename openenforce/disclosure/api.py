"""The disclosure part of the REST API (mounted by openenforce.api at /api/v1/disclosure/):
the publication queue of the caller's agency and the workflow's actions. The public
side (published items, open data) is the portal's API at /api/v1/public/.

Reading follows the agency scope (404 for another agency's item); the actions go
through ``disclosure.services`` (403 unless a publicity officer or head of the agency).
"""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from openenforce.core.api_schemas import ERRORS
from openenforce.core.pagination import Mapped, PageNumber
from openenforce.disclosure import selectors, services
from openenforce.disclosure.models import Correction, Publication

router = Router(tags=["disclosure"])


class SpanOut(Schema):
    start: int
    end: int
    kind: str
    original: str
    replacement: str
    reason: str


class PublicationOut(Schema):
    id: int
    agency: str
    kind: str
    category: str
    case: int | None
    matter: str | None
    document_number: str
    title: str
    status: str
    decided_on: datetime.date
    due_on: datetime.date
    due_rule: str
    due_article: str
    overdue: bool
    original_text: str
    masked_text: str
    spans: list[SpanOut]
    extra_masks: list[str]
    exemption: str
    exemption_note: str
    publish_at: datetime.datetime | None
    published_at: datetime.datetime | None
    retention_until: datetime.date | None
    withdrawal_ground: str
    decision_changed_on: datetime.date | None
    withdrawal_due: datetime.date | None
    withdrawn_at: datetime.datetime | None
    withdrawal_reason: str


class Filters(Schema):
    status: Literal[tuple(Publication.Status.values)] | None = None  # type: ignore[valid-type]
    kind: Literal[tuple(Publication.Kind.values)] | None = None  # type: ignore[valid-type]
    overdue: bool = Field(False, description="Only pending items past their due date.")


class MaskIn(Schema):
    strings: list[str] = Field([], max_length=50, description="Further strings to mask.")
    names: list[str] = Field([], max_length=50, description="Third persons named in the text.")
    remove: list[str] = Field([], max_length=50, description="Stop masking these.")


class ApproveIn(Schema):
    secrecy_checked: bool = Field(
        ..., description="No state or trade secrets or personal privacy; masking complete."
    )
    publish_at: datetime.datetime | None = Field(None, description="Empty: publish now.")


class ExemptIn(Schema):
    exemption: Literal[tuple(Publication.Exemption.values)]  # type: ignore[valid-type]
    note: str = Field(..., max_length=2000)


class WithdrawIn(Schema):
    ground: Literal[tuple(Publication.Ground.values)] | None = None  # type: ignore[valid-type]
    changed_on: datetime.date | None = None
    reason: str = Field(..., max_length=2000)


class CorrectionOut(Schema):
    id: int
    publication: int
    description: str
    status: str
    response: str
    created_at: datetime.datetime
    handled_at: datetime.datetime | None


class HandleIn(Schema):
    accept: bool
    response: str = Field(..., max_length=2000)
    corrected_text: str = Field("", max_length=50_000)


def _out(p: Publication) -> dict[str, Any]:
    data = {name: getattr(p, name) for name in PublicationOut.model_fields if hasattr(p, name)}
    data.update(
        agency=p.agency.code,
        case=p.case_id,
        matter=p.matter.code if p.matter else None,
        overdue=p.is_pending and p.due_on < timezone.localdate(),
    )
    return data


def _correction(c: Correction) -> dict[str, Any]:
    data = {name: getattr(c, name) for name in CorrectionOut.model_fields if name != "publication"}
    return {**data, "publication": c.publication_id}


@router.get(
    "publications", response={200: list[PublicationOut], **ERRORS}, operation_id="list_publications"
)
@paginate(PageNumber)
def list_publications(request: HttpRequest, filters: Query[Filters]):
    """The publications of the agencies the caller may read, by due date."""
    rows = selectors.publications_for_user(request.auth)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.overdue:
        rows = rows.overdue()
    rows = rows.order_by("due_on", "id")
    return Mapped(rows, _out)


def _get(request: HttpRequest, pk: int) -> Publication:
    return selectors.get_publication_for_user(request.auth, pk)


def _publication_action(action: str) -> Callable:
    """Register ``publications/<pk>/<action>`` as a POST answering the publication."""
    return router.post(
        f"publications/{{int:pk}}/{action}",
        response={200: PublicationOut, **ERRORS},
        operation_id=f"{action}_publication",
    )


def _act(request: HttpRequest, pk: int, service: Callable, payload: Schema) -> dict[str, Any]:
    """Run ``service`` on the publication with the payload's fields as its arguments."""
    return _out(service(_get(request, pk), actor=request.auth, **payload.dict()))


@router.get(
    "publications/{int:pk}",
    response={200: PublicationOut, **ERRORS},
    operation_id="get_publication",
)
def get_publication(request: HttpRequest, pk: int):
    """One publication: original and masked text, the masked spans with their reasons."""
    return _out(_get(request, pk))


@_publication_action("mask")
def mask_publication(request: HttpRequest, pk: int, payload: MaskIn):
    """Mask further strings or third persons (never the protected items)."""
    return _act(request, pk, services.mask_more, payload)


@_publication_action("approve")
def approve_publication(request: HttpRequest, pk: int, payload: ApproveIn):
    """Approve after the secrecy check; publish now or at ``publish_at``."""
    return _act(request, pk, services.approve_publication, payload)


@_publication_action("exempt")
def exempt_publication(request: HttpRequest, pk: int, payload: ExemptIn):
    """Do not publish (secrets, privacy, a minor), with the reason."""
    return _act(request, pk, services.exempt_publication, payload)


@_publication_action("withdraw")
def withdraw_publication(request: HttpRequest, pk: int, payload: WithdrawIn):
    """Withdraw a published item, the reason made public (行政处罚法 Art 48)."""
    return _act(request, pk, services.withdraw_publication, payload)


@router.get(
    "corrections", response={200: list[CorrectionOut], **ERRORS}, operation_id="list_corrections"
)
def list_corrections(request: HttpRequest, pending: bool = True):
    """Correction requests of the caller's agencies (pending ones by default)."""
    rows = selectors.corrections_for_user(request.auth).order_by("created_at", "id")
    if pending:
        rows = rows.filter(status=Correction.Status.PENDING)
    return [_correction(c) for c in rows[:500]]


@router.post(
    "corrections/{int:pk}/handle",
    response={200: CorrectionOut, **ERRORS},
    operation_id="handle_correction",
)
def handle_correction(request: HttpRequest, pk: int, payload: HandleIn):
    """Accept (with the corrected text) or reject a correction request, with a response."""
    correction = selectors.get_correction_for_user(request.auth, pk)
    correction = services.handle_correction(
        correction,
        actor=request.auth,
        accept=payload.accept,
        response=payload.response,
        corrected_text=payload.corrected_text,
    )
    return _correction(correction)
