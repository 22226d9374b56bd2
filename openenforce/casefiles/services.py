"""Case files: build the one PDF and the verifiable package of a closed case, and record
each export (who downloaded which file, with its digest).

``build_case_file_pdf`` and ``build_package`` only read; ``export_case_file`` is the one
write path: it refuses an open case or a reader outside the case's scope, builds the file,
then stores the export row and its record entry in one transaction. Building happens
outside that transaction, so a large package does not hold the record's locks.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from openenforce.casefiles import builder, pdf
from openenforce.casefiles.models import CaseFileExport
from openenforce.cases.articles import cite
from openenforce.cases.models import Case
from openenforce.cases.permissions import may_read_case
from openenforce.core.errors import InvalidInput, NotFound, WrongState
from openenforce.ledger.services import record

EXPORTABLE_STATES = ("closed", "archived")


def build_case_file_pdf(case: Case) -> bytes:
    """The case file as one PDF: cover, contents, sections in the standard order, page
    numbers on every page (docs/domain.md §2)."""
    return pdf.build_pdf(case)


def build_package(case: Case) -> bytes:
    """The verifiable package (zip) of ``case`` as bytes (see ``casefiles.package``)."""
    out = io.BytesIO()
    builder.write_package(case, out)
    return out.getvalue()


def check_exportable(case: Case, actor) -> None:
    """Refuse an export of a case the actor may not read (404: neither in their scope nor
    granted by a registered reader, e.g. an evaluator's assigned file) or still open."""
    if not may_read_case(actor, case):
        raise NotFound(_("Not found."), code="not_found")
    if case.state not in EXPORTABLE_STATES:
        raise WrongState(
            _("Only a closed or archived case exports as a case file."),
            code="casefile_case_open",
            article=cite("行政处罚法 Art 47"),
        )


def export_case_file(case: Case, *, actor, kind: str, out: IO[bytes]) -> CaseFileExport:
    """Write the case file of ``kind`` (pdf or package) to ``out`` and record the export.

    Refusals: NotFound (another agency's case), WrongState (case not closed),
    InvalidInput (unknown kind). Writes ``casefiles.casefileexport.created`` with the
    digest of the file written.
    """
    if kind not in CaseFileExport.Kind.values:
        raise InvalidInput(_("Unknown kind of case file."), code="casefile_kind_unknown")
    check_exportable(case, actor)
    with tempfile.SpooledTemporaryFile(max_size=32 << 20) as spool:
        if kind == CaseFileExport.Kind.PDF:
            spool.write(build_case_file_pdf(case))
        else:
            builder.write_package(case, spool)
        spool.seek(0)
        digest, size = hashlib.sha256(), 0
        while chunk := spool.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return _record_export(case, actor=actor, kind=kind, sha256=digest.hexdigest(), size=size)


@transaction.atomic
def _record_export(case: Case, *, actor, kind: str, sha256: str, size: int) -> CaseFileExport:
    export = CaseFileExport.objects.create(
        agency_id=case.agency_id,
        case=case,
        kind=kind,
        sha256=sha256,
        size=size,
        created_by=actor,
    )
    record(
        actor=actor,
        event_type="casefiles.casefileexport.created",
        subject=export,
        files=[sha256],
    )
    return export
