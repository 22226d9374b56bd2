"""REST endpoints for the service of documents: a document's services with the time limits
running from them, recording service by one method, settling an announcement."""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from openenforce.core.api_schemas import ERRORS
from openenforce.deliveries import rules, selectors, services
from openenforce.documents.selectors import get_document_for_user

router = Router(tags=["deliveries"])


class DeliveryIn(Schema):
    method: Literal[tuple(rules.METHODS)]  # type: ignore[valid-type]
    recipient: str = Field(..., max_length=200)
    served_on: datetime.date = Field(
        ..., description="Signed, left, receipt date, reached the system, or published."
    )
    address: str = Field("", max_length=300)
    signed_by: str = Field("", max_length=100)
    witnesses: str = Field("", max_length=300)
    recording_reference: str = Field("", max_length=200)
    tracking_number: str = Field("", max_length=60)
    consent_reference: str = Field("", max_length=200)
    consent_on: datetime.date | None = None
    electronic_address: str = Field("", max_length=200)
    system_record: str = Field("", max_length=300)
    announcement_medium: str = Field("", max_length=300)
    reason: str = Field("", max_length=2000)
    note: str = Field("", max_length=2000)


class RunningOut(Schema):
    code: str
    label: str
    article: str
    start: datetime.date
    due: datetime.date
    explanation: str
    steps: list[str]
    provisional: bool


class DeliveryOut(Schema):
    id: int
    document: int
    method: str
    method_label: str
    served_on: datetime.date
    deemed_served_on: datetime.date
    pending: bool
    case_action: str


class DocumentServiceOut(Schema):
    document: int
    number: str
    title: str
    served: bool
    deliveries: list[DeliveryOut]
    time_limits: list[RunningOut]


def _delivery(d) -> dict:
    return {
        "id": d.pk,
        "document": d.document_id,
        "method": d.method,
        "method_label": d.get_method_display(),
        "served_on": d.served_on,
        "deemed_served_on": d.deemed_served_on,
        "pending": d.pending,
        "case_action": d.case_action,
    }


def _status(document) -> dict:
    row = selectors.service_for_document(document)
    return {
        "document": document.pk,
        "number": document.number,
        "title": document.title,
        "served": row.served is not None,
        "deliveries": [_delivery(d) for d in row.deliveries],
        "time_limits": [vars(r) for r in row.running],
    }


def _document(user, pk: int):
    return get_document_for_user(user, pk)


@router.get(
    "documents/{int:document_id}",
    response={200: DocumentServiceOut, **ERRORS},
    operation_id="document_service",
)
def document_service(request: HttpRequest, document_id: int):
    """A document's services and the time limits running from its service."""
    return _status(_document(request.auth, document_id))


@router.post(
    "documents/{int:document_id}",
    response={201: DocumentServiceOut, **ERRORS},
    operation_id="serve_document",
)
def serve_document(request: HttpRequest, document_id: int, payload: DeliveryIn):
    """Record service of the document by one method with the proof it needs; serving a
    prior notice or a decision also takes the case action."""
    document = _document(request.auth, document_id)
    data = payload.model_dump()
    services.serve_document(
        document,
        actor=request.auth,
        method=data.pop("method"),
        recipient=data.pop("recipient"),
        served_on=data.pop("served_on"),
        **data,
    )
    return Status(201, _status(document))


@router.post(
    "{int:delivery_id}/settle",
    response={200: DocumentServiceOut, **ERRORS},
    operation_id="settle_announcement",
)
def settle_announcement(request: HttpRequest, delivery_id: int):
    """Record that an announcement's period has passed (民事诉讼法 Art 95)."""
    delivery = selectors.get_delivery_for_user(request.auth, delivery_id)
    services.settle_announcement(delivery, actor=request.auth)
    return _status(delivery.document)
