"""A demo-like case: evidence, issued documents served through the deliveries app, closed;
its package verifies offline and its PDF holds every part in the standard order."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.utils import timezone
from pypdf import PdfReader

from openenforce.casefiles import package
from openenforce.casefiles.services import build_case_file_pdf, build_package
from openenforce.deliveries.services import serve_document
from openenforce.documents.services import issue_document
from openenforce.evidence.services import add_evidence, store_bytes
from openenforce.testing.cases import act, to_report


def _serve(document, officer, **proof):
    """Serve ``document`` directly on 张三 today, signed for."""
    return serve_document(
        document,
        actor=officer,
        method="direct",
        recipient="张三",
        served_on=timezone.localdate(),
        signed_by="张三",
        **proof,
    )


def _serve_with_scan(document, officer):
    scan = store_bytes(b"%PDF-1.4 signed proof of service", content_type="application/pdf")
    return _serve(document, officer, proof_blob=scan)


@pytest.fixture
def full_case(team, officer, head):
    case = to_report(team, officer, head, proposed_penalty_kinds=["fine"], proposed_fine="800")
    photo = store_bytes(b"%PDF-1.4 photo of the premises", content_type="application/pdf")
    add_evidence(
        case,
        actor=officer,
        kind="documentary",
        title="现场照片",
        collected_at=timezone.now(),
        place="长春市某路1号",
        method="拍照",
        blob=photo,
    )
    _serve(issue_document(case, actor=officer, doc_type="prior_notice", data={}), officer)
    case = act(case, "waive_defence", officer, document="放弃陈述申辩书")
    case = act(
        case,
        "decide",
        head,
        outcome="penalty",
        decision_text="罚款800元",
        decided_on=timezone.localdate(),
    )
    decision = issue_document(case, actor=officer, doc_type="penalty_decision", data={})
    _serve_with_scan(decision, officer)
    case.refresh_from_db()
    assert case.state == "execution"
    case = act(case, "record_payment", officer, paid_on=timezone.localdate(), amount="800")
    return act(case, "close_case", officer)


@pytest.mark.django_db
def test_the_package_of_a_full_case_verifies_and_one_altered_file_does_not(full_case, tmp_path):
    path = tmp_path / "case.zip"
    path.write_bytes(build_package(full_case))
    report = package.verify_package(path)
    assert report.ok, report.problems
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(package.MANIFEST))
        members = {n: archive.read(n) for n in archive.namelist()}
    assert [(f["kind"], f["section"]) for f in manifest["files"]] == [
        ("evidence", "investigation"),
        ("document", "notice"),  # the prior notice (collect.SECTIONS)
        ("document", "decision"),
        ("service-proof", "service"),
    ]
    kinds = {json.loads(members[package.entry_path(s)])["type"] for s in manifest["entries"]}
    assert {"deliveries.delivery.served", "documents.document.issued"} <= kinds
    altered = manifest["files"][2]["path"]
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data.replace(b"%%EOF", b"%%EOF ") if name == altered else data)
    problems = package.verify_package(bad).problems
    assert [(p.kind, p.name) for p in problems] == [("file", altered)]


@pytest.mark.django_db
def test_the_pdf_holds_cover_contents_documents_and_lists_numbered(full_case):
    reader = PdfReader(io.BytesIO(build_case_file_pdf(full_case)))
    pages = [page.extract_text() for page in reader.pages]
    # The archive practice: cover, contents and the notes sheet unnumbered; the materials
    # numbered 1, 2, … at the bottom right (the number is the page's last line of text).
    materials = pages[2:-1]
    assert [text.rstrip().splitlines()[-1].strip() for text in materials] == [
        str(n) for n in range(1, len(materials) + 1)
    ]
    assert "卷内备考表" in pages[-1] and f"共 {len(materials)} 页" in pages[-1].replace("\n", "")
    pages = [text.replace("\n", "") for text in pages]
    contents = pages[1]
    numbers = [d.number for d in full_case.documents.order_by("issued_at")]
    assert all(number in contents for number in numbers)
    assert contents.index(numbers[0]) < contents.index(numbers[1])  # prior notice before decision
    assert any("现场照片" in text for text in pages[2:])  # the evidence list
