"""The case file PDF: cover, contents, documents merged in the standard order, page numbers."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from openenforce.casefiles.services import build_case_file_pdf


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.django_db
def test_a_case_without_documents_has_cover_and_contents_numbered(closed):
    pages = _text(build_case_file_pdf(closed))
    assert closed.number in pages[0] and closed.agency.name in pages[0]
    assert "张三" in pages[0]  # the parties: the export is for staff only
    assert all(f"第 {n} 页 / 共 {len(pages)} 页" in text for n, text in enumerate(pages, start=1))
