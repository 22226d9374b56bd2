"""REST endpoints for case files: download a closed case's PDF or verifiable package (each
download recorded), and the list of exports made."""

# No ``from __future__ import annotations``: ninja reads the annotations as types.
import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from openenforce.casefiles.models import CaseFileExport
from openenforce.cases.permissions import get_case_for_user
from openenforce.core.api_schemas import ERRORS

router = Router(tags=["case files"])


class ExportOut(Schema):
    id: int
    kind: str
    sha256: str
    size: int
    created_by: str
    created_at: datetime.datetime


@router.get(
    "cases/{int:case_id}/exports",
    response={200: list[ExportOut], **ERRORS},
    operation_id="list_case_file_exports",
)
def list_exports(request: HttpRequest, case_id: int):
    """The exports of the case's file, newest first."""
    case = get_case_for_user(request.auth, case_id)
    rows = CaseFileExport.objects.filter(case=case).select_related("created_by")
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "sha256": e.sha256,
            "size": e.size,
            "created_by": str(e.created_by),
            "created_at": e.created_at,
        }
        for e in rows
    ]


@router.post(
    "cases/{int:case_id}/{kind}", response={200: None, **ERRORS}, operation_id="export_case_file"
)
def export(request: HttpRequest, case_id: int, kind: Literal["pdf", "package"]):
    """The case file as one PDF (``pdf``) or the verifiable package (``package``, a zip);
    409 while the case is open. The download is recorded with the file's digest."""
    from openenforce.casefiles.views import export_response

    case = get_case_for_user(request.auth, case_id)
    return export_response(case, request.auth, kind)
