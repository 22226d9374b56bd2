"""The case file as one PDF: cover, table of contents, the sections in the standard order
(``collect`` gives the order and its sources), and a page number on every page.

Within a section the parts go by rank: issued documents first (a hearing's after the
party's statement), then the lists (evidence, recordings, service), then the pages of the
actions and of the other apps (``records``), e.g. the investigation report closes the
investigation section. A part appears only when there is something for it.

The cover, contents and the lists (evidence, recordings, service) are rendered with
WeasyPrint from templates; the documents are the issued PDFs themselves, unchanged, merged
with pypdf. Page numbers are stamped over every page afterwards, so a document's own layout
is kept. The contents need the page numbers, which depend on the contents' own length:
they are rendered until that length is stable (once or twice).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from openenforce.casefiles import collect, records
from openenforce.casefiles.builder import open_blob
from openenforce.cases.models import Case, CaseHandler

# Ranks within a section (see the module docstring and ``records``).
RANK_EVIDENCE, RANK_RECORDINGS, RANK_SERVICE_LIST = 10, 20, 10
DOCUMENT_RANKS = {"hearing_notice": records.RANK_HEARING, "hearing_record": records.RANK_HEARING}


def retention_years() -> int:
    return settings.OPENENFORCE_CASEFILE_RETENTION_YEARS


@dataclass
class Part:
    """A run of pages in the file: one document's PDF, or a rendered list."""

    section: str
    title: str
    number: str
    pdf: bytes
    rank: int = 0
    pages: int = 0
    first_page: int = 0


def html_to_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _read_blob(blob) -> bytes:
    with open_blob(blob) as handle:
        return handle.read()


def _list_part(
    case: Case, section: str, title: str, columns: list[str], rows: list[list], rank: int
) -> Part:
    context = {"case": case, "title": title, "columns": columns, "rows": rows}
    pdf = html_to_pdf("casefiles/pdf/list.html", context)
    return Part(section, title, "", pdf, rank)


def _record_part(case: Case, record: records.Record) -> Part:
    pdf = html_to_pdf("casefiles/pdf/record.html", {"case": case, "record": record})
    return Part(record.section, record.title, "", pdf, record.rank)


def _evidence_part(case: Case) -> Part | None:
    rows = [
        [
            i,
            e.title,
            e.get_kind_display() if hasattr(e, "get_kind_display") else e.kind,
            records.moment(e.collected_at),
            getattr(e, "place", ""),
            str(e.collected_by) if getattr(e, "collected_by_id", None) else "",
            e.blob.sha256[:16] if e.blob_id else _("(no file)"),
        ]
        for i, e in enumerate(collect.evidence_items(case), start=1)
    ]
    if not rows:
        return None
    columns = [
        _("Item no."),
        _("Evidence"),
        _("Kind of evidence"),
        _("Collected at"),
        _("Place"),
        _("Collected by"),
        _("SHA-256 (first 16)"),
    ]
    return _list_part(case, "investigation", _("Evidence list"), columns, rows, RANK_EVIDENCE)


def _recordings_part(case: Case) -> Part | None:
    rows = [
        [
            i,
            collect.step_label(case, r.step),
            records.moment(r.started_at),
            records.moment(r.ended_at),
            getattr(r, "place", ""),
            r.blob.sha256[:16] if r.blob_id else _("(no file)"),
        ]
        for i, r in enumerate(collect.recordings(case), start=1)
    ]
    if not rows:
        return None
    columns = [
        _("Item no."),
        _("Case step"),
        _("Started"),
        _("Ended"),
        _("Place"),
        _("SHA-256 (first 16)"),
    ]
    return _list_part(
        case, "investigation", _("Audio and video recordings"), columns, rows, RANK_RECORDINGS
    )


def _service_part(case: Case) -> Part | None:
    rows = [
        [
            i,
            d.document.number or d.document.title,
            d.get_method_display(),
            d.recipient,
            d.served_on.isoformat() if d.served_on else "",
            d.deemed_served_on.isoformat() if d.deemed_served_on else "",
        ]
        for i, d in enumerate(collect.deliveries(case), start=1)
    ]
    if not rows:
        return None
    columns = [
        _("Item no."),
        _("Document"),
        _("Service method"),
        _("Recipient"),
        _("Date of service"),
        _("Deemed served on"),
    ]
    return _list_part(case, "service", _("Service records"), columns, rows, RANK_SERVICE_LIST)


def parts(case: Case) -> list[Part]:
    """The case file's parts in order: by section, then by rank, then as found (documents
    by the time of issue)."""
    docs = [i for i in collect.items(case) if i.kind == "document" and i.blob is not None]
    found = [
        Part(
            item.section,
            item.title,
            item.number,
            _read_blob(item.blob),
            DOCUMENT_RANKS.get(item.obj.doc_type, 0),
        )
        for item in docs
    ]
    service = _service_part(case)
    found += [p for p in (_evidence_part(case), _recordings_part(case), service) if p]
    covered = {item.section for item in docs if item.obj.doc_type not in DOCUMENT_RANKS}
    pages = records.case_records(case, covered, served=service is not None)
    pages += records.registered_records(case)
    found += [_record_part(case, record) for record in pages]
    found.sort(key=lambda p: (collect.SECTION_CODES.index(p.section), p.rank))
    for part in found:
        part.pages = _page_count(part.pdf)
    return found


def _front(case: Case, found: list[Part]) -> bytes:
    """The cover and the table of contents (卷内目录): not numbered themselves; the
    materials' pages are numbered from 1 (the evaluation standards, supervision research
    §2.1: Arabic numerals at the bottom right, cover, contents and 备考表 unnumbered)."""
    labels = dict(collect.SECTIONS)
    page = 1
    rows = []
    for part in found:
        part.first_page = page
        rows.append(
            {
                "section": labels[part.section],
                "title": part.title,
                "number": part.number,
                "page": page,
                "last_page": page + part.pages - 1,
                "pages": part.pages,
            }
        )
        page += part.pages
    context = {
        "case": case,
        "agency": case.agency,
        "parties": list(case.parties.all()),
        "retention_years": retention_years(),
        "rows": rows,
        "total": page - 1,
        "exported_on": timezone.localdate(),
    }
    return html_to_pdf("casefiles/pdf/front.html", context)


def _back(case: Case, found: list[Part]) -> bytes:
    """The 备考表 (notes sheet) at the end: what the file holds, what is kept only in
    electronic form, who filed it; unnumbered, with lines for the signatures."""
    items = collect.items(case)
    lead = (
        case.handlers.active().filter(role=CaseHandler.Role.LEAD).select_related("officer").first()
    )
    context = {
        "case": case,
        "materials": len(found),
        "pages": sum(p.pages for p in found),
        "evidence_files": sum(1 for i in items if i.kind == "evidence" and i.blob is not None),
        "recordings": sum(1 for i in items if i.kind == "recording"),
        "filed_by": lead.officer.name if lead else "",
        "filed_on": case.closed_on or timezone.localdate(),
    }
    return html_to_pdf("casefiles/pdf/back.html", context)


def _stamp(pages: int) -> PdfReader:
    """Page numbers for ``pages`` pages: the number alone, at the bottom right."""
    pdf = html_to_pdf("casefiles/pdf/stamp.html", {"pages": range(pages)})
    return PdfReader(io.BytesIO(pdf))


def build_pdf(case: Case) -> bytes:
    """The case file of ``case`` as one PDF (bytes): cover and contents, the materials
    numbered from 1, the 备考表."""
    found = parts(case)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_front(case, found))))
    first = len(writer.pages)
    for part in found:
        writer.append(PdfReader(io.BytesIO(part.pdf)))
    numbered = writer.pages[first:]
    if numbered:
        for page, overlay in zip(numbered, _stamp(len(numbered)).pages, strict=True):
            page.merge_page(overlay)
    writer.append(PdfReader(io.BytesIO(_back(case, found))))
    writer.add_metadata({"/Title": f"{case.number} {case.title}", "/Producer": "OpenEnforce"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
