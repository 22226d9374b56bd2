"""Downloading a closed case's file: the one PDF or the verifiable package. Each download
is an export recorded with the digest of the file handed out (``services.export_case_file``);
the buttons post, since a download writes to the record."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from openenforce.casefiles import services
from openenforce.casefiles.models import CaseFileExport
from openenforce.cases.permissions import get_case_for_reader
from openenforce.core.pages import run_service

CONTENT_TYPES = {
    CaseFileExport.Kind.PDF: "application/pdf",
    CaseFileExport.Kind.PACKAGE: "application/zip",
}
EXTENSIONS = {CaseFileExport.Kind.PDF: "pdf", CaseFileExport.Kind.PACKAGE: "zip"}


def filename(case, kind: str) -> str:
    name = case.number or f"case-{case.pk}"
    suffix = "-package" if kind == CaseFileExport.Kind.PACKAGE else ""
    return f"{name}{suffix}.{EXTENSIONS[kind]}"


def export_response(case, user, kind: str, *, inline: bool = False) -> HttpResponse:
    """The file as an attachment (``inline``: the PDF shown in a frame of our own pages,
    as the evaluator's scoring page does); the export is recorded once it is written."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    try:
        services.export_case_file(case, actor=user, kind=kind, out=out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    response = FileResponse(
        out,
        as_attachment=not inline,
        filename=filename(case, kind),
        content_type=CONTENT_TYPES[kind],
    )
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"  # our pages only; every other stays DENY
    return response


@require_POST
def export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    # An evaluator assigned the file downloads it too: a download is a reading, recorded.
    case = get_case_for_reader(request.user, pk)
    inline = kind == CaseFileExport.Kind.PDF and request.POST.get("show") == "inline"
    outcome = run_service(request, lambda: export_response(case, request.user, kind, inline=inline))
    return outcome.result if outcome.ok else redirect("workbench:case", case.pk)
