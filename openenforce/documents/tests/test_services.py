"""Issuing and correcting documents: numbers, content, PDF, record entry, refusals."""

import hashlib
import json

import pytest
from django.utils import timezone

from openenforce.core.errors import InvalidInput, NotFound, NotPermitted, WrongState
from openenforce.documents import render, selectors, services
from openenforce.documents.models import Document
from openenforce.ledger.models import Entry
from openenforce.testing.cases import act

YEAR = timezone.localdate().year


def flip_one_byte(data: bytes, at: int = 1000) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


def _entry(document, event="documents.document.issued"):
    entry = Entry.objects.get(
        subject_kind="documents.document", subject_id=str(document.pk), event_type=event
    )
    return json.loads(bytes(entry.body))


def test_a_penalty_decision_is_numbered_rendered_stored_and_recorded(case, issue, pdf_of):
    document = issue(case)
    assert document.number == f"长新社罚决字〔{YEAR}〕第1号"
    assert (document.seq, document.year, document.title) == (1, YEAR, "行政处罚决定书")
    pdf = pdf_of(document)
    assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == document.sha256
    assert document.sha256 in _entry(document)["files"]
    assert len(document.verification_code) >= 20


def test_the_document_is_filled_from_the_case(case, issue):
    html = issue(case).html
    assert "长春新区社会事业发展局" in html and "张三" in html  # agency, party
    assert "未建立入院评估制度" in html  # the facts of the investigation report
    assert "警告" in html and "3,000.00" in html  # the proposed penalty
    assert "六十日" in html and "六个月" in html  # reconsideration and litigation
    assert "十五日" in html and "百分之三" in html  # payment and surcharge (Art 67, 72)
    assert render.verify_url(Document.objects.get().verification_code) in html


def test_numbers_run_per_agency_type_and_year(case, issue, team, officer, head):
    first, second = issue(case), issue(case)
    notice = issue(case, "prior_notice")
    assert (first.seq, second.seq, notice.seq) == (1, 2, 1)
    assert notice.number == f"长新社罚告字〔{YEAR}〕第1号"


def test_a_failed_issue_leaves_no_gap(case, issue, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(render, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        issue(case)
    monkeypatch.undo()
    assert Document.objects.count() == 0
    assert issue(case).seq == 1


def test_the_form_data_overrides_the_case(case, issue):
    document = issue(case, penalty="罚款人民币2,000.00元。", evidence="现场检查笔录\n询问笔录")
    assert "罚款人民币2,000.00元。" in document.html
    assert document.context["fields"]["evidence"] == [["现场检查笔录"], ["询问笔录"]]


def test_unknown_type_unknown_field_and_missing_value_are_refused(case, issue):
    with pytest.raises(InvalidInput) as info:
        issue(case, "summons")
    assert info.value.code == "document_type_unknown"
    with pytest.raises(InvalidInput) as info:
        issue(case, colour="red")
    assert info.value.problems[0].field == "colour"
    with pytest.raises(InvalidInput) as info:
        issue(case, "rectification_order", findings="未配备消防器材")  # no "rectify by"
    assert info.value.problems[0].field == "rectify_by"
    assert "改正期限" in info.value.message or "rectify" in info.value.problems[0].field
    with pytest.raises(InvalidInput) as info:
        issue(case, "rectification_order", findings="x", rectify_by="31/12/2026")
    assert info.value.problems[0].field == "rectify_by"
    assert Document.objects.count() == 0


def test_who_may_issue(case, issue, outsider, supervisor, reviewer, justice_bureau):
    with pytest.raises(NotFound):
        issue(case, actor=outsider)
    with pytest.raises(NotPermitted):
        issue(case, actor=supervisor)  # reads the agency, never writes
    with pytest.raises(NotPermitted):
        issue(case, actor=reviewer)  # a reviewer issues only the review opinion
    opinion = issue(
        case,
        "legal_review_opinion",
        actor=reviewer,
        conclusion="同意",
        reasons="事实清楚，证据确凿，适用法律正确。",
    )
    assert opinion.number == f"长新社法审字〔{YEAR}〕第1号"


@pytest.mark.tampers
def test_an_archived_case_takes_no_new_document(case, issue):
    case.state = "archived"
    case.save(update_fields=["state"])
    with pytest.raises(WrongState):
        issue(case)


def test_a_correction_is_a_new_document_and_the_old_one_is_superseded(case, issue, head):
    old = issue(case)
    before = (old.html, old.sha256, old.number)
    new = services.correct_document(
        old, actor=head, data={"penalty": "警告。"}, reason="处罚内容笔误"
    )
    assert new.corrects == old and new.number == f"长新社罚决字〔{YEAR}〕第2号"
    assert "本文书更正" in new.html and old.number in new.html and "处罚内容笔误" in new.html
    old.refresh_from_db()
    assert (old.html, old.sha256, old.number) == before  # never changed
    assert selectors.superseded_by(old) == new
    assert list(Document.objects.current()) == [new]
    assert new.sha256 in _entry(new, "documents.document.corrected")["files"]
    with pytest.raises(WrongState):
        services.correct_document(old, actor=head, data={}, reason="再次更正")
    with pytest.raises(InvalidInput):
        services.correct_document(new, actor=head, data={}, reason=" ")


def test_proof_of_service_names_a_document_of_the_case(case, issue, team, officer):
    decision = issue(case)
    other = team.open(actor=officer)
    with pytest.raises(InvalidInput) as info:
        issue(
            other,
            "proof_of_service",
            served_document=decision.number,
            recipient="张三",
            method="直接送达",
        )
    assert info.value.problems[0].field == "served_document"
    proof = issue(
        case,
        "proof_of_service",
        served_document=decision.number,
        recipient="张三",
        method="直接送达",
        served_at="2026-09-21T10:00",
    )
    assert f"《行政处罚决定书》{decision.number}" in proof.html
    assert "2026年9月21日10时00分" in proof.html


def test_pdf_digest_check(case, issue, pdf_of):
    document = issue(case)
    pdf = pdf_of(document)
    assert selectors.matches(document, hashlib.sha256(pdf).hexdigest())
    altered = flip_one_byte(pdf)
    assert not selectors.matches(document, hashlib.sha256(altered).hexdigest())


def test_decided_case_defaults(team, officer, head, issue):
    from openenforce.testing.cases import to_notified

    case = to_notified(team, officer, head)
    act(case, "waive_defence", officer, waived_on="2026-09-11", document="放弃声明")
    document = issue(case, "prior_notice")
    assert "陈述和申辩" in document.html


def test_a_document_without_a_case_belongs_to_the_agency(agency, head, outsider):
    document = services.issue_document(
        None,
        actor=head,
        doc_type="inspection_result",
        data={"result": "未发现问题。"},
        agency=agency,
    )
    assert document.case is None and document.number == f"长新社检告字〔{YEAR}〕第1号"
    assert "未发现问题。" in document.html
    with pytest.raises(InvalidInput):
        services.issue_document(None, actor=head, doc_type="inspection_result", data={})
    with pytest.raises(NotFound):
        services.issue_document(
            None,
            actor=outsider,
            doc_type="inspection_result",
            data={"result": "x"},
            agency=agency,
        )
