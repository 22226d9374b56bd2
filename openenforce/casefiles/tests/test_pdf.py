"""The case file PDF: cover, contents, documents merged in the standard order, page numbers."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from openenforce.casefiles.services import build_case_file_pdf


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.django_db
def test_a_case_without_documents_has_cover_contents_and_notes_sheet(closed):
    pages = _text(build_case_file_pdf(closed))
    assert closed.number in pages[0] and closed.agency.name in pages[0]
    assert "张三" in pages[0]  # the parties: the export is for staff only
    assert "卷内目录" in pages[1] and "卷内备考表" in pages[-1] and "立卷人" in pages[-1]
