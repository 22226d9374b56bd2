"""The evidence part of the REST API (mounted by openenforce.api at /api/v1/evidence/).

Files arrive through the tus endpoint (``/api/v1/uploads/``); a completed upload's id is
then attached as evidence here. Reading follows the case's scope (404 otherwise); the
file itself is served by the staff pages' content/download URLs, which record each view.
"""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
import uuid
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from openenforce.accounts.permissions import get_for_user
from openenforce.cases.permissions import get_case_for_user
from openenforce.core.api_schemas import ERRORS
from openenforce.core.params import Id
from openenforce.evidence import selectors, services
from openenforce.evidence.models import EvidenceItem, EvidenceKind, Upload

router = Router(tags=["evidence"])


class EvidenceIn(Schema):
    kind: Literal[tuple(EvidenceKind.values)]  # type: ignore[valid-type]
    step: str = Field("", max_length=60, description="The case action code it belongs to.")
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=20000)
    collected_at: datetime.datetime
    collected_by: Id | None = Field(None, description="User id; default: the caller.")
    place: str = Field(..., min_length=1, max_length=200)
    method: str = Field(..., min_length=1, max_length=200)
    upload: uuid.UUID | None = Field(None, description="A completed tus upload of the caller.")


class FileOut(Schema):
    sha256: str
    sm3: str
    size: int
    content_type: str
    name: str
    content_url: str
    download_url: str


class EvidenceOut(Schema):
    id: int
    case: int
    seq: int
    kind: str
    kind_label: str
    step: str
    title: str
    description: str
    collected_by: str
    collected_at: datetime.datetime
    place: str
    method: str
    file: FileOut | None


def _out(item: EvidenceItem) -> dict:
    blob = item.blob
    file = None
    if blob is not None:
        file = {
            "sha256": blob.sha256,
            "sm3": blob.sm3,
            "size": blob.size,
            "content_type": blob.content_type,
            "name": item.file_name,
            "content_url": reverse("evidence:content", args=[item.pk]),
            "download_url": reverse("evidence:download", args=[item.pk]),
        }
    return {
        "id": item.pk,
        "case": item.case_id,
        "seq": item.seq,
        "kind": item.kind,
        "kind_label": str(item.get_kind_display()),
        "step": item.step,
        "title": item.title,
        "description": item.description,
        "collected_by": item.collected_by.username,
        "collected_at": item.collected_at,
        "place": item.place,
        "method": item.method,
        "file": file,
    }


@router.get(
    "cases/{int:case_id}/items",
    response={200: list[EvidenceOut], **ERRORS},
    operation_id="list_evidence",
)
def list_evidence(request: HttpRequest, case_id: int):
    case = get_case_for_user(request.user, case_id)
    return [_out(item) for item in selectors.evidence_for_case(case)]


@router.post(
    "cases/{int:case_id}/items",
    response={201: EvidenceOut, **ERRORS},
    operation_id="add_evidence",
)
def add_evidence(request: HttpRequest, case_id: int, payload: EvidenceIn):
    case = get_case_for_user(request.user, case_id)
    fields = payload.dict(exclude={"upload", "collected_by"})
    if payload.collected_by is not None:
        fields["collected_by"] = services.collector_for(case, payload.collected_by)
    if payload.upload is not None:
        upload = (
            Upload.objects.select_related("blob")
            .filter(pk=payload.upload, owner=request.user)
            .first()
        )
        if upload is None:
            raise services.upload_not_found()
        fields["upload"] = upload
    item = services.add_evidence(case, actor=request.user, **fields)
    return Status(201, _out(item))


@router.get(
    "items/{int:item_id}", response={200: EvidenceOut, **ERRORS}, operation_id="get_evidence"
)
def get_evidence(request: HttpRequest, item_id: int):
    queryset = EvidenceItem.objects.select_related("blob", "collected_by")
    return _out(get_for_user(queryset, request.user, pk=item_id))
