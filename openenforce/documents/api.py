"""The documents part of the REST API (mounted by openenforce.api at /api/v1/documents/).

List a case's documents, issue one (the type's fields as ``data``), issue a correction,
read one, and download its PDF. Reads follow the agency scope (404 for another agency's
case or document); the PDF (which names the parties) is for the agency's own staff.
"""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from typing import Any, Literal

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from openenforce.accounts.permissions import may_read_content
from openenforce.cases.permissions import get_case_for_user
from openenforce.core.api_schemas import ERRORS
from openenforce.core.errors import NotPermitted
from openenforce.documents import render, selectors, services
from openenforce.documents.kinds import KINDS
from openenforce.documents.models import DocType, Document
from openenforce.evidence.selectors import open_blob

router = Router(tags=["documents"])


class FieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool
    help: str


class DocTypeOut(Schema):
    code: str
    label: str
    title: str = Field(..., description="The printed name (Chinese).")
    word: str = Field(..., description="The type's word in the number, e.g. 罚决字.")
    fields: list[FieldOut]


class DocumentOut(Schema):
    id: int
    case: int | None
    agency: str
    doc_type: str
    title: str
    number: str
    year: int
    seq: int
    sha256: str
    verification_url: str
    issued_at: datetime.datetime
    issued_by: str
    corrects: int | None
    superseded_by: int | None
    record_sequence: int | None


class IssueIn(Schema):
    doc_type: Literal[tuple(DocType.values)]  # type: ignore[valid-type]
    data: dict[str, Any] = Field(
        {}, description="The type's fields (see /types); missing ones are filled from the case."
    )


class CorrectionIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)
    data: dict[str, Any] = Field({}, description="Fields that change; the rest are kept.")


def _out(document: Document) -> dict[str, Any]:
    entry = selectors.issue_entry(document)
    newer = selectors.superseded_by(document)
    return {
        "id": document.pk,
        "case": document.case_id,
        "agency": document.agency.code,
        "doc_type": document.doc_type,
        "title": document.title,
        "number": document.number,
        "year": document.year,
        "seq": document.seq,
        "sha256": document.sha256,
        "verification_url": render.verify_url(document.verification_code),
        "issued_at": document.issued_at,
        "issued_by": document.issued_by.get_username(),
        "corrects": document.corrects_id,
        "superseded_by": newer.pk if newer else None,
        "record_sequence": entry.sequence if entry else None,
    }


@router.get("types", response={200: list[DocTypeOut], **ERRORS}, operation_id="document_types")
def document_types(request: HttpRequest):
    """The document types with the fields each asks for when issued."""
    return [
        {
            "code": k.code,
            "label": str(k.label),
            "title": k.title,
            "word": k.word,
            "fields": [f.as_dict() for f in k.fields],
        }
        for k in KINDS.values()
    ]


@router.get(
    "cases/{int:case_id}",
    response={200: list[DocumentOut], **ERRORS},
    operation_id="list_case_documents",
)
def list_case_documents(request: HttpRequest, case_id: int):
    """The documents of a case, oldest first (superseded ones name their correction)."""
    case = get_case_for_user(request.auth, case_id)
    rows = selectors.documents_for_case(case).select_related("agency")
    return [_out(document) for document in rows]


@router.post(
    "cases/{int:case_id}", response={201: DocumentOut, **ERRORS}, operation_id="issue_document"
)
def issue_document(request: HttpRequest, case_id: int, payload: IssueIn):
    """Issue a document for the case: numbered, rendered to PDF, its digest recorded."""
    case = get_case_for_user(request.auth, case_id)
    document = services.issue_document(
        case, actor=request.auth, doc_type=payload.doc_type, data=payload.data
    )
    return Status(201, _out(document))


@router.get("{int:document_id}", response={200: DocumentOut, **ERRORS}, operation_id="get_document")
def get_document(request: HttpRequest, document_id: int):
    """One document's number, type, digest, verification address and record entry."""
    return _out(selectors.get_document_for_user(request.auth, document_id))


@router.post(
    "{int:document_id}/corrections",
    response={201: DocumentOut, **ERRORS},
    operation_id="correct_document",
)
def correct_document(request: HttpRequest, document_id: int, payload: CorrectionIn):
    """Issue the correction of a document (a new document pointing to the old one)."""
    document = selectors.get_document_for_user(request.auth, document_id)
    corrected = services.correct_document(
        document, actor=request.auth, data=payload.data, reason=payload.reason
    )
    return Status(201, _out(corrected))


@router.get(
    "{int:document_id}/pdf",
    response={200: None, **ERRORS},
    operation_id="get_document_pdf",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The PDF as issued.",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_document_pdf(request: HttpRequest, document_id: int):
    """The issued PDF, byte for byte (its SHA-256 is ``sha256`` and in the record); each
    download is recorded (``documents.document.downloaded``)."""
    document = selectors.get_document_for_user(request.auth, document_id)
    if not may_read_content(request.auth, document.agency_id):
        raise NotPermitted(
            _("Only the issuing agency's staff may download the document."),
            code="document_staff_only",
        )
    services.record_download(document, actor=request.auth)
    name = f"{document.number}.pdf"
    return FileResponse(open_blob(document.blob), content_type="application/pdf", filename=name)
